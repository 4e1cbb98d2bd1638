import { UserView } from '@lfc/contracts';
import { QueryClient } from '@tanstack/react-query';
import { costSeriesQuery, prefetchReports, usageQueries } from './report-queries';

const person = (role: UserView['role']): UserView => ({
  id: '0d9a3c0e-0b5e-4a55-9d0f-6b8f3c2a1e11',
  email: 'ada@example.com',
  username: 'ada',
  role,
  isActive: true,
  totpEnabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** The paths the console asked for, each answered with an empty 503 so nothing is parsed. */
function recordRequests(): string[] {
  const asked: string[] = [];
  global.fetch = async (input: RequestInfo | URL) => {
    asked.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return new Response(null, { status: 503 });
  };
  return asked;
}

describe('prefetchReports', () => {
  const realFetch = global.fetch;
  let client: QueryClient;
  beforeEach(() => {
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  });
  afterEach(() => {
    client.clear();
    global.fetch = realFetch;
  });

  it("asks for the usage page's reports under the keys the page reads, with the scope the API allows", async () => {
    const asked = recordRequests();
    prefetchReports(client, { pathname: '/console/usage', search: '?range=7d&scope=all' }, person('developer'));
    const view = { range: '7d', scope: 'own' } as const;
    for (const options of Object.values(usageQueries(view))) {
      expect(client.getQueryState(options.queryKey)).toBeDefined();
    }
    expect(client.getQueryState(usageQueries({ range: '7d', scope: 'all' }).series.queryKey)).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked.filter((path) => path.startsWith('/api/v1/usage/')).sort()).toEqual([
      '/api/v1/usage/breakdown?range=7d&scope=own&by=key',
      '/api/v1/usage/breakdown?range=7d&scope=own&by=tool',
      '/api/v1/usage/series?range=7d&scope=own',
    ]);
  });

  it('hands a report it just fetched to a page that mounts at once, without asking again', async () => {
    const asked: string[] = [];
    global.fetch = async (input: RequestInfo | URL) => {
      asked.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const series = { range: '24h', from: '2026-12-05T00:00:00Z', to: '2026-12-06T00:00:00Z', bucketSeconds: 3600 };
      return Response.json({ ...series, points: [] });
    };
    const { series } = usageQueries({ range: '24h', scope: 'own' });
    await client.query(series);
    // As a page's useQuery decides on mounting: only a stale report is fetched again.
    await client.query(series);
    expect(asked).toEqual(['/api/v1/usage/series?range=24h&scope=own']);
  });

  it("keeps an admin's everyone scope, and asks for the budgets and the people they name", () => {
    recordRequests();
    prefetchReports(client, { pathname: '/console/cost/', search: '?scope=all&splitBy=key' }, person('admin'));
    expect(
      client.getQueryState(costSeriesQuery({ range: '30d', splitBy: 'key', scope: 'all' }).queryKey),
    ).toBeDefined();
    expect(client.getQueryState(['budgets'])).toBeDefined();
    expect(client.getQueryState(['users'])).toBeDefined();
  });

  it('reads an address the API would refuse as the defaults', () => {
    recordRequests();
    prefetchReports(client, { pathname: '/console/cost', search: '?range=1y' }, person('user'));
    expect(
      client.getQueryState(costSeriesQuery({ range: '30d', splitBy: 'model', scope: 'user' }).queryKey),
    ).toBeDefined();
    // People with the role `user` have no budgets to read, and no list of people.
    expect(client.getQueryState(['budgets'])).toBeUndefined();
    expect(client.getQueryState(['users'])).toBeUndefined();
  });

  it('asks for nothing on pages that are not reports', () => {
    const asked = recordRequests();
    prefetchReports(client, { pathname: '/console/keys', search: '' }, person('admin'));
    expect(client.getQueryCache().getAll()).toHaveLength(0);
    expect(asked).toEqual([]);
  });
});
