import {
  MAX_TOKENS_PER_REPORT,
  ModelNameSchema,
  OperationIdSchema,
  OperationTypeSchema,
  RecordUsageResponseSchema,
} from '@lfc/contracts';
import { z } from 'zod';
import { CostClient } from '../../downstream/cost.client';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';

const tokens = (what: string) => z.number().int().min(0).max(MAX_TOKENS_PER_REPORT).describe(what);

const input = z
  .object({
    operation_id: OperationIdSchema.describe(
      'Your id of the LLM call (e.g. the provider’s response id); the idempotency key',
    ),
    model: ModelNameSchema.describe(
      'Model name as the provider calls it, e.g. gpt-4o-mini or claude-sonnet-4-20250514',
    ),
    input_tokens: tokens('Prompt (input) tokens'),
    output_tokens: tokens('Completion (output) tokens'),
    operation_type: OperationTypeSchema.default('completion').describe(
      'Kind of call, e.g. completion, embedding, agent_step',
    ),
  })
  .strict();
const output = RecordUsageResponseSchema;

@Tool()
export class TrackTokenUsageTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'track_token_usage';
  readonly title = 'Track token usage';
  readonly description =
    'Records the tokens one LLM call used and what it cost at the model’s list price. Idempotent by operation_id per API key: ' +
    'retrying with the same operation_id never counts twice. Unknown models are recorded at cost 0 and flagged. ' +
    'Refused when a blocking monthly budget of the key or user is used up.';
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };

  constructor(private readonly cost: CostClient) {}

  async execute(
    args: z.infer<typeof input>,
    { callerClaim }: ToolExecution,
  ): Promise<ToolOutcome<z.infer<typeof output>>> {
    const outcome = await this.cost.recordUsage(callerClaim, {
      operationId: args.operation_id,
      model: args.model,
      inputTokens: args.input_tokens,
      outputTokens: args.output_tokens,
      operationType: args.operation_type,
    });
    const { record } = outcome;
    const what = `${record.totalTokens} tokens of ${record.model} for operation ${record.operationId}: ${record.costUsd} USD`;
    const text = outcome.created
      ? `Recorded ${what}${record.modelKnown ? '' : ' (unknown model: no price, recorded at 0)'}.`
      : `Already recorded ${what}; not counted again.`;
    return { structured: outcome, text };
  }
}
