import { ModelPriceSchema } from '@lfc/contracts';
import { z } from 'zod';
import { CostClient } from '../../downstream/cost.client';
import { Tool, ToolDefinition, ToolOutcome } from '../tool-definition';

const input = z
  .object({
    provider: z.string().trim().min(1).max(100).optional().describe('Only this provider, e.g. openai'),
    model: z.string().trim().min(1).max(255).optional().describe('Only this exact model name'),
    history: z.boolean().default(false).describe('Include prices no longer in effect'),
  })
  .strict();
const output = z.object({ prices: z.array(ModelPriceSchema), count: z.number().int() });

@Tool()
export class ListModelPricesTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'list_model_prices';
  readonly title = 'List model prices';
  readonly description =
    'The price table used for cost accounting: input and output USD per million tokens per model, with the date each ' +
    'price took effect. Filter by provider (openai, anthropic, google, mistral, meta) or model; history lists past prices too.';
  readonly input = input;
  readonly output = output;
  // Not cacheable: prices are edited through cost-accounting's admin API, out of the executor's sight.
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

  constructor(private readonly cost: CostClient) {}

  async execute(args: z.infer<typeof input>): Promise<ToolOutcome<z.infer<typeof output>>> {
    const { prices } = await this.cost.listPrices({
      provider: args.provider,
      model: args.model,
      history: args.history ? 'true' : undefined,
    });
    const text =
      prices.length === 0
        ? 'No prices match.'
        : prices
            .map(
              (price) =>
                `${price.provider} ${price.model}: ${price.inputUsdPerMillion} in / ${price.outputUsdPerMillion} out USD per 1M tokens (from ${price.effectiveFrom})`,
            )
            .join('\n');
    return { structured: { prices, count: prices.length }, text };
  }
}
