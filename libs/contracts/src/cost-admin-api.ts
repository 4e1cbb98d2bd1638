import { z } from 'zod';
import {
  BudgetScopeSchema,
  CostSummaryRequestSchema,
  ListBudgetsRequestSchema,
  ListModelPricesQuerySchema,
  ModelPriceInputSchema,
  PositiveUsdSchema,
  SummaryGroupBySchema,
  SummaryPeriodSchema,
  SummaryScopeSchema,
} from './usage';

/*
 * The public cost API's inputs (admin and reports), here so the gateway's OpenAPI document describes
 * them from the very schemas cost-accounting validates with. Strict: a misspelt field (`blockWhenExceded`) is a 400 naming it,
 * never silently ignored, so a change is made as written or not at all.
 */

export const PriceListQuerySchema = ListModelPricesQuerySchema.extend({
  provider: ListModelPricesQuerySchema.shape.provider.describe('e.g. openai, anthropic'),
  model: ListModelPricesQuerySchema.shape.model.describe('one model, e.g. gpt-4o'),
  history: ListModelPricesQuerySchema.shape.history.describe(
    'true: every dated price, newest first, not only the one in effect today',
  ),
}).strict();

/** Prices in USD per million tokens, as decimal strings; `effectiveFrom` defaults to today (UTC). */
export const UpsertPriceBodySchema = ModelPriceInputSchema.strict();

export const BudgetListQuerySchema = ListBudgetsRequestSchema.extend({
  scope: ListBudgetsRequestSchema.shape.scope.describe('key or user'),
  subjectId: ListBudgetsRequestSchema.shape.subjectId.describe('the key id or user id'),
}).strict();

export const BudgetSubjectSchema = z.object({
  scope: BudgetScopeSchema,
  subjectId: z.uuid('must be a key id or user id (UUID)'),
});

/** A monthly limit in USD; the flags kept as they are on an existing budget when left out. */
export const SetBudgetBodySchema = z
  .object({
    monthlyLimitUsd: PositiveUsdSchema.describe('monthly limit in USD as a decimal string, e.g. "250.00"'),
    blockWhenExceeded: z
      .boolean()
      .optional()
      .describe('refuse usage and tool calls once the limit is spent (default false)'),
    confirmOverrun: z
      .boolean()
      .optional()
      .describe(
        'ask the person to confirm usage (track_token_usage) that would take spend from below the limit to at or above it (default false)',
      ),
  })
  .strict();

/** Report query: the summary request without the caller, which comes from the credentials. */
export const ReportQuerySchema = z.object({
  period: SummaryPeriodSchema.optional().describe('rolling period ending now (default last_30_days)'),
  from: z.string().optional().describe('ISO 8601 instant, inclusive (instead of period)'),
  to: z.string().optional().describe('ISO 8601 instant, exclusive (default now)'),
  groupBy: SummaryGroupBySchema.optional(),
  scope: SummaryScopeSchema.optional().describe('key (default with an API key), user, or all (admins)'),
});
/** The report query as a summary request: the fields first, then how they go together. */
export const ReportRequestSchema = ReportQuerySchema.pipe(CostSummaryRequestSchema);

export type PriceListQuery = z.output<typeof PriceListQuerySchema>;
export type UpsertPriceBody = z.output<typeof UpsertPriceBodySchema>;
export type BudgetListQuery = z.output<typeof BudgetListQuerySchema>;
export type BudgetSubject = z.output<typeof BudgetSubjectSchema>;
export type SetBudgetBody = z.output<typeof SetBudgetBodySchema>;
