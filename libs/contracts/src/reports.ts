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
/** Buckets in each range: 24 hours, 7 or 30 days. */
export const REPORT_BUCKETS: Record<ReportRange, number> = { '24h': 24, '7d': 7, '30d': 30 };

/** The stretch of time a report covers and how it is cut. */
export interface ReportWindow {
  /** Start of the first bucket, inclusive (ISO 8601, UTC). */
  from: string;
  /** End of the last bucket, exclusive: later than `now` until the current bucket is over. */
  to: string;
  bucketSeconds: number;
}

/**
 * The buckets of a report over `range` at `now`, in UTC: whole hours for 24h, whole days (from
 * midnight UTC) for 7d and 30d, the last one being the bucket `now` falls in, so the current hour or
 * day shows as far as it has gone. Epoch milliseconds have no leap seconds, so every bucket is
 * exactly `bucketSeconds` long and the database cuts time the same way (`date_bin` from the epoch).
 */
export function reportWindow(range: ReportRange, now: Date): ReportWindow {
  const bucketSeconds = REPORT_BUCKET_SECONDS[range];
  const bucketMs = bucketSeconds * 1000;
  const end = (Math.floor(now.getTime() / bucketMs) + 1) * bucketMs;
  return {
    from: new Date(end - REPORT_BUCKETS[range] * bucketMs).toISOString(),
    to: new Date(end).toISOString(),
    bucketSeconds,
  };
}

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
/** Rows of one breakdown at most: tool names come from callers, so a breakdown by tool could be long. */
export const USAGE_BREAKDOWN_MAX_ROWS = 1000;
export const UsageBreakdownQuerySchema = UsageQuerySchema.extend({ by: z.enum(USAGE_BREAKDOWNS) });
export type UsageBreakdownQuery = z.output<typeof UsageBreakdownQuerySchema>;

export const UsageBreakdownSchema = z.object({
  range: ReportRangeSchema,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  by: z.enum(USAGE_BREAKDOWNS),
  /**
   * Busiest first (ties by key), at most `USAGE_BREAKDOWN_MAX_ROWS`; `key` is the key id or tool
   * name, null for calls without one (a person signed in with a token; a call naming no tool).
   */
  rows: z.array(LatencyFiguresSchema.extend({ key: z.string().nullable() })),
});
export type UsageBreakdown = z.infer<typeof UsageBreakdownSchema>;

// ---- spend over time (cost-accounting, /api/v1/cost/series) -------------------------------------

export const COST_SPLITS = ['model', 'key', 'operation_type'] as const;
/** Groups of one series at most: model names come from callers, so a split by model could be long. */
export const COST_SERIES_MAX_GROUPS = 100;
export const CostSeriesQuerySchema = z.object({
  range: ReportRangeSchema.default('30d'),
  splitBy: z.enum(COST_SPLITS).default('model'),
  scope: SummaryScopeSchema.optional(),
});
export type CostSeriesQuery = z.output<typeof CostSeriesQuerySchema>;

export const CostSeriesSchema = z.object({
  range: ReportRangeSchema,
  /** The scope applied: without one, the caller's key, or their user when signed in without a key. */
  scope: SummaryScopeSchema,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  bucketSeconds: z.number().int().positive(),
  splitBy: z.enum(COST_SPLITS),
  currency: z.literal('USD'),
  /** Groups left out: beyond the `COST_SERIES_MAX_GROUPS` with the most spend over the range. */
  omittedGroups: z.number().int().nonnegative(),
  /**
   * Only buckets and groups with usage, oldest first and the bigger spender first within a bucket;
   * `group` is null for usage without one (split by key: a person signed in with a token).
   */
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
