import { z } from 'zod';
import { SummaryScopeSchema, UsdAmountSchema } from './usage';
import { ToolNameSchema } from './scopes';

/**
 * Reports over time for people (the web console, dashboards): request usage from the gateway's
 * audit trail and spend from the cost ledger. Aggregated in SQL; a report never returns raw rows.
 */

export const REPORT_RANGES = ['24h', '7d', '30d'] as const;
export const ReportRangeSchema = z.enum(REPORT_RANGES);
export type ReportRange = z.infer<typeof ReportRangeSchema>;

/** Hourly buckets for a day, daily buckets beyond. */
export const REPORT_BUCKET_SECONDS: Record<ReportRange, number> = { '24h': 3600, '7d': 86_400, '30d': 86_400 };

// ---- request usage (gateway, /api/v1/usage) -----------------------------------------------------

export const USAGE_SCOPES = ['own', 'all'] as const;

export const UsageQuerySchema = z.object({
  range: ReportRangeSchema.default('24h'),
  /** `all` is for admins; everyone else sees the calls made with their own keys and tokens. */
  scope: z.enum(USAGE_SCOPES).default('own'),
  keyId: z.uuid().optional(),
  tool: ToolNameSchema.optional(),
});
export type UsageQuery = z.output<typeof UsageQuerySchema>;

const LatencyFiguresSchema = z.object({
  calls: z.number().int().nonnegative(),
  /** Answers with a status of 400 or above, or a tool error. */
  errors: z.number().int().nonnegative(),
  p50Ms: z.number().nonnegative().nullable(),
  p95Ms: z.number().nonnegative().nullable(),
});

export const UsageSeriesSchema = z.object({
  range: ReportRangeSchema,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  bucketSeconds: z.number().int().positive(),
  /** Every bucket of the range, oldest first, including empty ones. */
  points: z.array(LatencyFiguresSchema.extend({ start: z.iso.datetime({ offset: true }) })),
});
export type UsageSeries = z.infer<typeof UsageSeriesSchema>;

export const USAGE_BREAKDOWNS = ['key', 'tool'] as const;
export const UsageBreakdownQuerySchema = UsageQuerySchema.extend({ by: z.enum(USAGE_BREAKDOWNS) });
export type UsageBreakdownQuery = z.output<typeof UsageBreakdownQuerySchema>;

export const UsageBreakdownSchema = z.object({
  range: ReportRangeSchema,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  by: z.enum(USAGE_BREAKDOWNS),
  /** Busiest first; `key` is the key id or tool name, null for calls without one. */
  rows: z.array(LatencyFiguresSchema.extend({ key: z.string().nullable() })),
});
export type UsageBreakdown = z.infer<typeof UsageBreakdownSchema>;

// ---- spend over time (cost-accounting, /api/v1/cost/series) -------------------------------------

export const COST_SPLITS = ['model', 'key', 'operation_type'] as const;
export const CostSeriesQuerySchema = z.object({
  range: ReportRangeSchema.default('30d'),
  splitBy: z.enum(COST_SPLITS).default('model'),
  scope: SummaryScopeSchema.optional(),
});
export type CostSeriesQuery = z.output<typeof CostSeriesQuerySchema>;

export const CostSeriesSchema = z.object({
  range: ReportRangeSchema,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  bucketSeconds: z.number().int().positive(),
  splitBy: z.enum(COST_SPLITS),
  currency: z.literal('USD'),
  /** Only buckets and groups with usage, oldest first; `group` is null for usage without one. */
  points: z.array(
    z.object({
      start: z.iso.datetime({ offset: true }),
      group: z.string().nullable(),
      costUsd: UsdAmountSchema,
      totalTokens: z.number().int().nonnegative(),
    }),
  ),
});
export type CostSeries = z.infer<typeof CostSeriesSchema>;
