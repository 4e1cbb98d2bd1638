import { z } from 'zod';
import { CallerContextSchema } from './caller';
import { isoInstant } from './instant';

/**
 * Internal API of cost-accounting (used by tool-executor's cost tools and the gateway). A call that
 * acts for someone carries the gateway-signed caller claim (`CALLER_CLAIM_HEADER`); bodies never
 * name the caller.
 * Money is always a decimal string: JSON numbers are IEEE doubles and cannot hold 0.1 exactly.
 */
export const USAGE_RECORD_PATH = '/internal/v1/cost/usage';
export const USAGE_SUMMARY_PATH = '/internal/v1/cost/summary';
export const COST_ESTIMATE_PATH = '/internal/v1/cost/estimate';
/** GET lists prices (query `provider`, `model`); PUT upserts one (admins). */
export const MODEL_PRICES_PATH = '/internal/v1/cost/prices';
/** POST creates; `/list` lists; `/:id` PATCH updates and DELETE removes; `/status` is the caller's standing. */
export const BUDGETS_PATH = '/internal/v1/cost/budgets';
export const BUDGETS_LIST_PATH = '/internal/v1/cost/budgets/list';
export const BUDGETS_STATUS_PATH = '/internal/v1/cost/budgets/status';
export const budgetPath = (id: string): string => `${BUDGETS_PATH}/${encodeURIComponent(id)}`;

/** Largest token count of one report; keeps `input + output` inside PostgreSQL's integer. */
export const MAX_TOKENS_PER_REPORT = 1_000_000_000;

/** A non-negative USD amount as a decimal string (`"0.15"`, `"12"`); never a JSON number. */
export const UsdAmountSchema = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,12})?$/, 'must be a non-negative decimal string, e.g. "2.50"');
/** A price per million tokens: at most six decimals, so tokens × price / 1e6 is exact at 12 decimals. */
export const PricePerMillionSchema = z
  .string()
  .regex(/^\d{1,8}(\.\d{1,6})?$/, 'must be a non-negative decimal string with at most 6 decimals, e.g. "0.075"');
/** A calendar date PostgreSQL accepts (zod lets year 0000 through, which PostgreSQL refuses). */
export const IsoDateSchema = z.iso.date().refine((value) => !value.startsWith('0000'), 'must be in year 0001 or later');

/** The caller of the cost API (from the caller claim): the ledger and budgets key on UUIDs, as auth issues them. */
export const UsageCallerSchema = CallerContextSchema.extend({ keyId: z.uuid().nullable(), userId: z.uuid() });
export type UsageCaller = z.infer<typeof UsageCallerSchema>;

export const ModelNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[\w.:/@+-]+$/, 'may contain letters, digits and . : / @ + - _ only');
export const OperationIdSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
export const OperationTypeSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'may contain letters, digits and . : - _ only');
const TokensSchema = z.number().int().min(0).max(MAX_TOKENS_PER_REPORT);

// ---- record usage ------------------------------------------------------------------------------

export const RecordUsageRequestSchema = z.object({
  operationId: OperationIdSchema,
  model: ModelNameSchema,
  inputTokens: TokensSchema,
  outputTokens: TokensSchema,
  operationType: OperationTypeSchema,
  /**
   * The person confirmed recording this usage past the limit of a budget that asks for that
   * (`confirmOverrun`): set by the executor on a call the gateway ran with their yes.
   */
  overrunConfirmed: z.boolean().optional(),
});
export type RecordUsageRequest = z.infer<typeof RecordUsageRequestSchema>;

export const UsageRecordSchema = z.object({
  id: z.string(),
  operationId: z.string(),
  operationType: z.string(),
  model: z.string(),
  /** False when no price was known for the model: then the cost is 0 and the record is flagged. */
  modelKnown: z.boolean(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  totalTokens: z.number().int(),
  costUsd: UsdAmountSchema,
  /**
   * This record took a budget that asks before an overrun past its monthly limit, and the person
   * behind `keyId` / `userId` confirmed it.
   */
  overrunConfirmed: z.boolean(),
  keyId: z.string().nullable(),
  userId: z.string().nullable(),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type UsageRecord = z.infer<typeof UsageRecordSchema>;

export const RecordUsageResponseSchema = z.object({
  /** False when this operation id was already recorded for the key: the stored record is returned. */
  created: z.boolean(),
  record: UsageRecordSchema,
});
export type RecordUsageResponse = z.infer<typeof RecordUsageResponseSchema>;

// ---- summary -----------------------------------------------------------------------------------

export const SUMMARY_PERIODS = ['last_hour', 'last_day', 'last_7_days', 'last_30_days'] as const;
export const SummaryPeriodSchema = z.enum(SUMMARY_PERIODS);
export type SummaryPeriod = z.infer<typeof SummaryPeriodSchema>;
export const SUMMARY_GROUPINGS = ['model', 'operation_type', 'day', 'key'] as const;
export const SummaryGroupBySchema = z.enum(SUMMARY_GROUPINGS);
export type SummaryGroupBy = z.infer<typeof SummaryGroupBySchema>;
export const SUMMARY_SCOPES = ['key', 'user', 'all'] as const;
export const SummaryScopeSchema = z.enum(SUMMARY_SCOPES);
export type SummaryScope = z.infer<typeof SummaryScopeSchema>;

export const CostSummaryRequestSchema = z
  .object({
    period: SummaryPeriodSchema.optional(),
    from: isoInstant({ offset: true }).optional(),
    to: isoInstant({ offset: true }).optional(),
    groupBy: SummaryGroupBySchema.optional(),
    /** Default: the caller's key, or the caller's user when signed in without a key. */
    scope: SummaryScopeSchema.optional(),
  })
  .superRefine((value, context) => {
    if (value.period && (value.from || value.to)) {
      context.addIssue({ code: 'custom', path: ['period'], message: 'give either period or from/to, not both' });
    }
    if (value.from && value.to && Date.parse(value.from) >= Date.parse(value.to)) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    }
  });
export type CostSummaryRequest = z.infer<typeof CostSummaryRequestSchema>;

const AggregateSchema = z.object({
  costUsd: UsdAmountSchema,
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  totalTokens: z.number().int(),
  records: z.number().int(),
  unknownModelRecords: z.number().int(),
});

export const CostSummarySchema = z.object({
  scope: SummaryScopeSchema,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  groupBy: SummaryGroupBySchema.nullable(),
  currency: z.literal('USD'),
  totals: AggregateSchema,
  /** One row per group value; `key` is null for usage without an API key when grouped by key. */
  groups: z.array(AggregateSchema.extend({ key: z.string().nullable() })),
});
export type CostSummary = z.infer<typeof CostSummarySchema>;

// ---- prices and estimates ----------------------------------------------------------------------

export const ModelPriceSchema = z.object({
  model: z.string(),
  provider: z.string(),
  inputUsdPerMillion: PricePerMillionSchema,
  outputUsdPerMillion: PricePerMillionSchema,
  currency: z.literal('USD'),
  effectiveFrom: IsoDateSchema,
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** A price as an admin or the override file gives it. */
export const ModelPriceInputSchema = z.object({
  model: ModelNameSchema.transform((model) => model.toLowerCase()),
  provider: z.string().trim().min(1).max(100),
  inputUsdPerMillion: PricePerMillionSchema,
  outputUsdPerMillion: PricePerMillionSchema,
  /** Defaults: today for the admin API, the shipped list's date for the override file. */
  effectiveFrom: IsoDateSchema.optional(),
});
export type ModelPriceInput = z.infer<typeof ModelPriceInputSchema>;

export const ListModelPricesQuerySchema = z.object({
  provider: z.string().trim().min(1).max(100).optional(),
  model: z.string().trim().min(1).max(255).optional(),
  /** Every dated row instead of only the price in effect today. */
  history: z.enum(['true', 'false']).optional(),
});
export type ListModelPricesQuery = z.infer<typeof ListModelPricesQuerySchema>;

export const ListModelPricesResponseSchema = z.object({ prices: z.array(ModelPriceSchema) });
export type ListModelPricesResponse = z.infer<typeof ListModelPricesResponseSchema>;

export const UpsertModelPriceRequestSchema = z.object({ price: ModelPriceInputSchema });
export type UpsertModelPriceRequest = z.input<typeof UpsertModelPriceRequestSchema>;

export const EstimateCostRequestSchema = z.object({
  model: ModelNameSchema,
  inputTokens: TokensSchema,
  outputTokens: TokensSchema.default(0),
});
export type EstimateCostRequest = z.input<typeof EstimateCostRequestSchema>;

export const CostEstimateSchema = z.object({
  model: z.string(),
  known: z.boolean(),
  /** The price-table entry used (a dated snapshot name resolves to its base model). */
  pricedAs: z.string().nullable(),
  provider: z.string().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  inputCostUsd: UsdAmountSchema,
  outputCostUsd: UsdAmountSchema,
  totalCostUsd: UsdAmountSchema,
  inputUsdPerMillion: PricePerMillionSchema.nullable(),
  outputUsdPerMillion: PricePerMillionSchema.nullable(),
  currency: z.literal('USD'),
});
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

// ---- budgets -----------------------------------------------------------------------------------

export const BUDGET_SCOPES = ['key', 'user'] as const;
export const BudgetScopeSchema = z.enum(BUDGET_SCOPES);
export type BudgetScope = z.infer<typeof BudgetScopeSchema>;

export const BudgetSchema = z.object({
  id: z.string(),
  scope: BudgetScopeSchema,
  subjectId: z.string(),
  monthlyLimitUsd: UsdAmountSchema,
  blockWhenExceeded: z.boolean(),
  /** Usage that would take spend from below the limit to at or above it waits for the person's confirmation. */
  confirmOverrun: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Budget = z.infer<typeof BudgetSchema>;

export const BudgetStatusSchema = BudgetSchema.extend({
  /** Spend of the current calendar month (UTC). */
  spentUsd: UsdAmountSchema,
  /** Whole percent of the limit spent, rounded down. */
  percentUsed: z.number().int(),
  exceeded: z.boolean(),
});
export type BudgetStatus = z.infer<typeof BudgetStatusSchema>;

export const PositiveUsdSchema = UsdAmountSchema.refine((value) => /[1-9]/.test(value), 'must be greater than 0');

export const CreateBudgetRequestSchema = z.object({
  scope: BudgetScopeSchema,
  subjectId: z.uuid(),
  monthlyLimitUsd: PositiveUsdSchema,
  blockWhenExceeded: z.boolean().default(false),
  confirmOverrun: z.boolean().default(false),
});
export type CreateBudgetRequest = z.input<typeof CreateBudgetRequestSchema>;

export const UpdateBudgetRequestSchema = z.object({
  monthlyLimitUsd: PositiveUsdSchema.optional(),
  blockWhenExceeded: z.boolean().optional(),
  confirmOverrun: z.boolean().optional(),
});
export type UpdateBudgetRequest = z.input<typeof UpdateBudgetRequestSchema>;

export const ListBudgetsRequestSchema = z.object({
  scope: BudgetScopeSchema.optional(),
  subjectId: z.uuid().optional(),
});
export type ListBudgetsRequest = z.input<typeof ListBudgetsRequestSchema>;

/** An alert raised this month for a budget (80 and 100 percent of its limit, once each). */
export const BudgetAlertSchema = z.object({
  threshold: z.union([z.literal(80), z.literal(100)]),
  spentUsd: UsdAmountSchema,
  raisedAt: z.iso.datetime({ offset: true }),
  /** When the webhook took it; null while undelivered or without a webhook. */
  webhookDeliveredAt: z.iso.datetime({ offset: true }).nullable(),
});
export type BudgetAlert = z.infer<typeof BudgetAlertSchema>;

/** A budget as the listings show it: its standing and the alerts it raised this month. */
export const BudgetReportSchema = BudgetStatusSchema.extend({ alerts: z.array(BudgetAlertSchema) });
export type BudgetReport = z.infer<typeof BudgetReportSchema>;

export const ListBudgetsResponseSchema = z.object({ budgets: z.array(BudgetReportSchema) });
export type ListBudgetsResponse = z.infer<typeof ListBudgetsResponseSchema>;

/**
 * What recording a usage for the caller would do now, as far as budgets go: the `details.preview`
 * of the ledger's 428 `confirmation_required`, from which `track_token_usage` asks the person.
 */
export const UsagePreviewSchema = z.object({
  /** Its cost at today's price (0 for a model without a price). */
  costUsd: UsdAmountSchema,
  /**
   * The budgets with `confirmOverrun` this usage would take from below their limit to at or above
   * it (key's first).
   */
  overruns: z.array(BudgetStatusSchema),
});
export type UsagePreview = z.infer<typeof UsagePreviewSchema>;

/** The budgets that apply to the caller (its key's and its user's) and whether usage is refused. */
export const BudgetStandingSchema = z.object({ blocked: z.boolean(), budgets: z.array(BudgetStatusSchema) });
export type BudgetStanding = z.infer<typeof BudgetStandingSchema>;
