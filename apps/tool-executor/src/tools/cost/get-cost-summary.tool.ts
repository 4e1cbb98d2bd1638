import {
  CostSummarySchema,
  SummaryGroupBySchema,
  SummaryPeriodSchema,
  SummaryScopeSchema,
  isoInstant,
} from '@lfc/contracts';
import { z } from 'zod';
import { CostClient } from '../../downstream/cost.client';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';

const input = z
  .object({
    period: SummaryPeriodSchema.optional().describe('Rolling period ending now; not together with from/to'),
    from: isoInstant({ offset: true }).optional().describe('Start (ISO 8601, inclusive)'),
    to: isoInstant({ offset: true }).optional().describe('End (ISO 8601, exclusive); default now'),
    group_by: SummaryGroupBySchema.optional().describe('Break the totals down by this'),
    scope: SummaryScopeSchema.optional().describe('Whose usage: key, user, or all (admins)'),
  })
  .strict()
  .superRefine((args, context) => {
    if (args.period && (args.from || args.to)) {
      context.addIssue({ code: 'custom', path: ['period'], message: 'give either period or from/to, not both' });
    }
    if (args.to && !args.from) context.addIssue({ code: 'custom', path: ['from'], message: 'is required with to' });
    if (args.from && args.to && Date.parse(args.from) >= Date.parse(args.to)) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    }
  });
const output = CostSummarySchema;

@Tool()
export class GetCostSummaryTool implements ToolDefinition<typeof input, typeof output> {
  readonly name = 'get_cost_summary';
  readonly title = 'Cost summary';
  readonly description =
    'Spend (USD, exact decimals) and tokens over a period — last_hour, last_day, last_7_days, last_30_days (default), ' +
    'or from/to — optionally grouped by model, operation_type, day or key. Scope: key (the calling API key, default), ' +
    'user (all keys of the caller), or all (admins only).';
  readonly input = input;
  readonly output = output;
  // Not cacheable (nor claimed idempotent): the answer grows as usage is recorded in cost-accounting.
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false };

  constructor(private readonly cost: CostClient) {}

  async execute(
    args: z.infer<typeof input>,
    { callerClaim }: ToolExecution,
  ): Promise<ToolOutcome<z.infer<typeof output>>> {
    const summary = await this.cost.summary(callerClaim, {
      period: args.period,
      from: args.from,
      to: args.to,
      groupBy: args.group_by,
      scope: args.scope,
    });
    const { totals } = summary;
    const text =
      `${totals.costUsd} USD over ${totals.records} usage record(s), ${totals.totalTokens} tokens ` +
      `(${summary.scope} scope, ${summary.from} to ${summary.to})` +
      (summary.groups.length > 0
        ? `\n${summary.groups.map((group) => `${group.key ?? '(none)'}: ${group.costUsd} USD, ${group.totalTokens} tokens`).join('\n')}`
        : '');
    return { structured: summary, text };
  }
}
