import { CostEstimateSchema, MAX_TOKENS_PER_REPORT, ModelNameSchema } from '@lfc/contracts';
import { z } from 'zod';
import { CostClient } from '../../downstream/cost.client';
import { Tool, ToolDefinition, ToolOutcome } from '../tool-definition';

const input = z
  .object({
    model: ModelNameSchema.describe('Model name, e.g. gpt-4o or gemini-2.5-flash'),
    input_tokens: z.number().int().min(0).max(MAX_TOKENS_PER_REPORT).describe('Prompt (input) tokens'),
    output_tokens: z.number().int().min(0).max(MAX_TOKENS_PER_REPORT).default(0).describe('Completion (output) tokens'),
  })
  .strict();
const output = CostEstimateSchema;

@Tool()
export class EstimateCostTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'estimate_cost';
  readonly title = 'Estimate cost';
  readonly description =
    'What a call with these token counts would cost at the model’s current list price (USD, exact decimals). ' +
    'An unknown model estimates to 0 with known: false.';
  readonly input = input;
  readonly output = output;
  // Not cacheable: it prices with cost-accounting's current table, which admins edit.
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

  constructor(private readonly cost: CostClient) {}

  async execute(args: z.infer<typeof input>): Promise<ToolOutcome<z.infer<typeof output>>> {
    const estimate = await this.cost.estimate({
      model: args.model,
      inputTokens: args.input_tokens,
      outputTokens: args.output_tokens,
    });
    const text = estimate.known
      ? `${estimate.totalCostUsd} USD for ${estimate.inputTokens} input and ${estimate.outputTokens} output tokens of ` +
        `${estimate.pricedAs} (${estimate.inputUsdPerMillion} / ${estimate.outputUsdPerMillion} USD per million tokens)`
      : `No price is known for ${estimate.model}; estimated at 0 USD.`;
    return { structured: estimate, text };
  }
}
