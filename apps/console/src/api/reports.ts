import {
  BudgetReport,
  CostSeries,
  CostSeriesQuery,
  CostSeriesSchema,
  ListBudgetsResponseSchema,
  ReportRange,
  SummaryGroupBy,
  SummaryPeriod,
  UsageBreakdown,
  UsageBreakdownQuery,
  UsageBreakdownSchema,
  UsageQuery,
  UsageSeries,
  UsageSeriesSchema,
} from '@lfc/contracts';
import { apiJson } from './http';
import { withQuery } from './query';

/** Request usage from the gateway's audit trail, and spend from the cost ledger, over time. */

const USAGE = '/api/v1/usage';
const COST = '/api/v1/cost';

export function usageSeries(query: UsageQuery, signal?: AbortSignal): Promise<UsageSeries> {
  return apiJson(withQuery(`${USAGE}/series`, { ...query }), UsageSeriesSchema, { signal });
}

export function usageBreakdown(query: UsageBreakdownQuery, signal?: AbortSignal): Promise<UsageBreakdown> {
  return apiJson(withQuery(`${USAGE}/breakdown`, { ...query }), UsageBreakdownSchema, { signal });
}

export function usageExportPath(query: UsageBreakdownQuery): string {
  return withQuery(`${USAGE}/export.csv`, { ...query });
}

export function costSeries(query: CostSeriesQuery, signal?: AbortSignal): Promise<CostSeries> {
  return apiJson(withQuery(`${COST}/series`, { ...query }), CostSeriesSchema, { signal });
}

/** The summary periods that match the report ranges, for the export. */
const PERIOD_OF_RANGE: Record<ReportRange, SummaryPeriod> = {
  '24h': 'last_day',
  '7d': 'last_7_days',
  '30d': 'last_30_days',
};

/** The cost export (the summary as CSV): one line per group of `groupBy`, then the total. */
export function costExportPath(query: CostSeriesQuery, groupBy: SummaryGroupBy): string {
  return withQuery(`${COST}/export.csv`, { period: PERIOD_OF_RANGE[query.range], groupBy, scope: query.scope });
}

/** Admins get every budget; developers those on themselves (the API decides). */
export async function listBudgets(signal?: AbortSignal): Promise<BudgetReport[]> {
  return (await apiJson(`${COST}/budgets`, ListBudgetsResponseSchema, { signal })).budgets;
}
