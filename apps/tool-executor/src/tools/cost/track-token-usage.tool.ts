import { DomainError } from '@lfc/common';
import {
  MAX_TOKENS_PER_REPORT,
  ModelNameSchema,
  OperationIdSchema,
  OperationTypeSchema,
  RecordUsageResponseSchema,
  UsagePreviewSchema,
} from '@lfc/contracts';
import { z } from 'zod';
import { CostClient } from '../../downstream/cost.client';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import { overrunQuestion } from './overrun-question';

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
    'retrying with the same operation_id never counts twice, and other usage under an operation_id already recorded is refused. Unknown models are recorded at cost 0 and flagged. ' +
    'Refused when a blocking monthly budget of the key or user is used up; asks you first when it would take a ' +
    'budget that wants overruns confirmed past its monthly limit.';
  readonly input = input;
  readonly output = output;
  readonly annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly confirmationPolicy = 'budget_overruns';

  constructor(private readonly cost: CostClient) {}

  /**
   * Records the usage. When it would take a budget with `confirmOverrun` from below its monthly
   * limit to at or above it, cost-accounting records nothing and says so (its price and those
   * budgets); the tool turns that into the question the person is asked, and records on their yes.
   * Asked in the recording call itself rather than beforehand: one call to cost-accounting per
   * usage, and nothing between the question and the record for other usage to slip into.
   */
  async execute(
    args: z.infer<typeof input>,
    { callerClaim, confirmed }: ToolExecution,
  ): Promise<ToolOutcome<z.infer<typeof output>>> {
    const outcome = await this.cost
      .recordUsage(callerClaim, {
        operationId: args.operation_id,
        model: args.model,
        inputTokens: args.input_tokens,
        outputTokens: args.output_tokens,
        operationType: args.operation_type,
        overrunConfirmed: confirmed === true,
      })
      .catch((error: unknown) => {
        throw this.readableFailure(error);
      });
    const { record } = outcome;
    const what = `${record.totalTokens} tokens of ${record.model} for operation ${record.operationId}: ${record.costUsd} USD`;
    const text = outcome.created
      ? `Recorded ${what}${record.modelKnown ? '' : ' (unknown model: no price, recorded at 0)'}` +
        `${record.overrunConfirmed ? ', past the budget’s limit as you confirmed' : ''}.`
      : `Already recorded ${what}; not counted again.`;
    return { structured: outcome, text };
  }

  /**
   * A failure to record as the caller should read it: cost-accounting's call for a yes as the
   * question to the person; cost-accounting away or late as what is safe to do next; anything else
   * as it is.
   */
  private readableFailure(error: unknown): unknown {
    if (!(error instanceof DomainError)) return error;
    if (error.code === 'dependency_unavailable' || error.code === 'deadline_exceeded')
      return new DomainError(
        error.code,
        `The usage may not be recorded (${error.message}). Retry with the same operation_id: it never counts twice.`,
      );
    if (error.code !== 'confirmation_required') return error;
    const preview = UsagePreviewSchema.safeParse(error.details?.preview);
    const question = preview.success ? overrunQuestion(preview.data) : undefined;
    if (question === undefined)
      return new DomainError(
        'dependency_unavailable',
        `cost-accounting asked for a confirmation it did not explain: ${error.message}`,
      );
    return new DomainError('confirmation_required', question, { tool: this.name, policy: this.confirmationPolicy });
  }
}
