import { CostSeriesQuery, CostSeriesQuerySchema, UsageQuery, UsageQuerySchema, UserView } from '@lfc/contracts';
import { QueryClient, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { listUsers } from '../api/auth';
import { listKeys } from '../api/keys';
import { costSeries, listBudgets, usageBreakdown, usageSeries } from '../api/reports';
import { listTools } from '../api/tools';
import { consolePageOf } from '../console-path';
import { readSearch } from '../search-state';

/*
 * What the usage and cost pages fetch, in one place: the pages read it through useQuery, and the
 * console's start fetches it for the page the address opens as soon as the session is back, beside
 * the page's code and charts rather than after them.
 */

export const toolsQuery = queryOptions({ queryKey: ['tools'], queryFn: listTools, staleTime: 60_000 });

/** The keys the person may see (admins: everyone's), to name keys in reports. */
export const reportKeysQuery = queryOptions({
  queryKey: ['report-keys'],
  queryFn: () => listKeys(),
  staleTime: 60_000,
});

export const usersQuery = queryOptions({ queryKey: ['users'], queryFn: listUsers, staleTime: 60_000 });

export const BUDGETS_KEY = ['budgets'];
export const budgetsQuery = queryOptions({ queryKey: BUDGETS_KEY, queryFn: ({ signal }) => listBudgets(signal) });

/** Only admins may ask for everyone's calls; an address saying otherwise is read as their own. */
export function usageView(query: UsageQuery, user: UserView): UsageQuery {
  return { ...query, scope: user.role === 'admin' ? query.scope : 'own' };
}

/**
 * A report just fetched is shown as it is to a page that mounts within this time, instead of being
 * asked for again: on a reload the start fetches it, and the page (or a part of it that mounts once
 * its code is in) would otherwise repeat each request at once.
 */
const REPORT_FRESH_MS = 5_000;

export function usageQueries(view: UsageQuery) {
  return {
    series: queryOptions({
      queryKey: ['usage-series', view],
      queryFn: ({ signal }) => usageSeries(view, signal),
      placeholderData: keepPreviousData,
      staleTime: REPORT_FRESH_MS,
    }),
    byKey: queryOptions({
      queryKey: ['usage-breakdown', 'key', view],
      queryFn: ({ signal }) => usageBreakdown({ ...view, by: 'key' }, signal),
      placeholderData: keepPreviousData,
      staleTime: REPORT_FRESH_MS,
    }),
    byTool: queryOptions({
      queryKey: ['usage-breakdown', 'tool', view],
      queryFn: ({ signal }) => usageBreakdown({ ...view, by: 'tool' }, signal),
      placeholderData: keepPreviousData,
      staleTime: REPORT_FRESH_MS,
    }),
  };
}

/** Signed in to the console there is no key: "mine" is the user's whole spend. */
export function costView(query: CostSeriesQuery, user: UserView): CostSeriesQuery {
  return { ...query, scope: user.role === 'admin' && query.scope === 'all' ? 'all' : 'user' };
}

export function costSeriesQuery(view: CostSeriesQuery) {
  return queryOptions({
    queryKey: ['cost-series', view],
    queryFn: ({ signal }) => costSeries(view, signal),
    placeholderData: keepPreviousData,
    staleTime: REPORT_FRESH_MS,
  });
}

/** A failed early request is the page's to show: it asks again when it mounts. */
const ignore = (): void => undefined;

/** Starts the requests of the report page at `location`, if it is one, for `user`. */
export function prefetchReports(client: QueryClient, location: Pick<Location, 'pathname' | 'search'>, user: UserView) {
  const page = consolePageOf(location.pathname);
  const params = new URLSearchParams(location.search);
  if (page === 'usage') {
    const queries = usageQueries(usageView(readSearch(UsageQuerySchema, params), user));
    void client.query(queries.series).catch(ignore);
    void client.query(queries.byKey).catch(ignore);
    void client.query(queries.byTool).catch(ignore);
    void client.query(toolsQuery).catch(ignore);
    void client.query(reportKeysQuery).catch(ignore);
  } else if (page === 'cost') {
    void client.query(costSeriesQuery(costView(readSearch(CostSeriesQuerySchema, params), user))).catch(ignore);
    void client.query(reportKeysQuery).catch(ignore);
    if (user.role !== 'user') void client.query(budgetsQuery).catch(ignore);
    if (user.role === 'admin') void client.query(usersQuery).catch(ignore);
  }
}
