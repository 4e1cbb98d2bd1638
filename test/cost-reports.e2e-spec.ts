import { adminCall, callPing, createKey, waitFor } from './support/admin-api';
import { RunningSuite } from './support/suite';

jest.setTimeout(90_000);

describe('cost reports over HTTP for people and dashboards', () => {
  let suite: RunningSuite;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gatewayEnv: { LFC_BUDGET_CACHE_MS: '100' } });
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const track = (key: string, operation: string, input: number, output: number) =>
    fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({
        name: 'track_token_usage',
        arguments: { operation_id: operation, model: 'gpt-4o-mini', input_tokens: input, output_tokens: output },
      }),
    }).then(async (response) => (await response.json()) as { isError: boolean });

  it('sums a key’s own usage, exports it as CSV, and keeps scope=all for admins', async () => {
    const developer = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email: 'spender@example.com', role: 'developer' },
    );
    const { key } = await createKey(suite, { userId: developer.body.id });
    expect((await track(key, 'op-1', 1_000_000, 0)).isError).toBe(false);
    expect((await track(key, 'op-2', 0, 1_000_000)).isError).toBe(false);
    expect((await track(key, 'op-2', 0, 1_000_000)).isError).toBe(false);

    const cost = suite.backend('cost-accounting').url;
    const summary = await fetch(`${cost}/api/v1/cost/summary?period=last_hour&groupBy=model`, {
      headers: { 'x-api-key': key },
    });
    expect(summary.status).toBe(200);
    const body = (await summary.json()) as {
      totals: { inputTokens: number; outputTokens: number; records: number; costUsd: string };
      groups: { key: string }[];
    };
    expect(body.totals).toMatchObject({ inputTokens: 1_000_000, outputTokens: 1_000_000, records: 2 });
    expect(Number(body.totals.costUsd)).toBeGreaterThan(0);
    expect(body.groups.map((group) => group.key)).toEqual(['gpt-4o-mini']);

    const csv = await fetch(`${cost}/api/v1/cost/export.csv?period=last_day&groupBy=model`, {
      headers: { 'x-api-key': key },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('group,cost_usd,input_tokens,output_tokens,total_tokens,records');
    expect(lines.at(-1)).toMatch(/^"TOTAL",/);

    const everyone = await fetch(`${cost}/api/v1/cost/summary?scope=all`, { headers: { 'x-api-key': key } });
    expect(everyone.status).toBe(403);
    const asAdmin = await fetch(`${cost}/api/v1/cost/summary?scope=all&period=last_hour`, {
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(asAdmin.status).toBe(200);
    expect((await fetch(`${cost}/api/v1/cost/summary`)).status).toBe(401);
    expect((await fetch(`${cost}/api/v1/cost/summary?period=forever`, { headers: { 'x-api-key': key } })).status).toBe(
      400,
    );
    // PostgreSQL has no year 0: refused at the edge, not failed in the query.
    const yearZero = await fetch(`${cost}/api/v1/cost/summary?from=0000-01-01T00:00:00Z&to=0000-02-01T00:00:00Z`, {
      headers: { 'x-api-key': key },
    });
    expect(yearZero.status).toBe(400);
    expect(((await yearZero.json()) as { error: { message: string } }).error.message).toContain('year 0001 or later');
  });

  it('keeps the CSV export of everyone’s usage (scope=all) for admins: 403 for others, 401 without credentials', async () => {
    const owner = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email: 'exporter@example.com', role: 'developer' },
    );
    const { key } = await createKey(suite, { userId: owner.body.id });
    expect((await track(key, 'export-1', 2_000_000, 0)).isError).toBe(false);
    const cost = suite.backend('cost-accounting').url;
    const exportAll = (headers: Record<string, string>) =>
      fetch(`${cost}/api/v1/cost/export.csv?scope=all&period=last_hour`, { headers });

    const refused = await exportAll({ 'x-api-key': key });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('insufficient_role');
    const anonymous = await exportAll({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/resource_metadata=/);

    const own = await fetch(`${cost}/api/v1/cost/export.csv?period=last_hour`, { headers: { 'x-api-key': key } });
    expect((await own.text()).trim().split('\n').at(-1)).toBe('"TOTAL","0.3","2000000","0","2000000","1"');
    const everyone = await exportAll({ 'x-api-key': suite.apiKey });
    expect(everyone.status).toBe(200);
    const total = (await everyone.text()).trim().split('\n').at(-1) ?? '';
    // Everyone's spend includes this key's 2,000,000 gpt-4o-mini tokens (0.30 USD) and the first test's.
    expect(Number(total.split(',')[1]?.replace(/"/g, ''))).toBeGreaterThan(0.3);
  });

  it('refuses every tool call of a key whose blocking budget is spent', async () => {
    const owner = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email: 'capped@example.com', role: 'developer' },
    );
    const { key, apiKey } = await createKey(suite, { userId: owner.body.id });
    const budget = await fetch(`${suite.backend('cost-accounting').url}/api/v1/cost/budgets/key/${apiKey.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
      body: JSON.stringify({ monthlyLimitUsd: '0.01', blockWhenExceeded: true }),
    });
    expect(budget.status).toBe(201);
    expect((await callPing(suite.gatewayUrl, { 'x-api-key': key })).status).toBe(200);
    expect((await track(key, 'big', 10_000_000, 10_000_000)).isError).toBe(false);
    await waitFor(async () => (await callPing(suite.gatewayUrl, { 'x-api-key': key })).status === 403, 3000, 100);
    const refused = await callPing(suite.gatewayUrl, { 'x-api-key': key });
    const { error } = (await refused.json()) as {
      error: { message: string; details: { reason: string; scope: string } };
    };
    expect(error.details).toEqual({ reason: 'budget_exceeded', scope: 'key' });
    expect(error.message).toMatch(/^The monthly budget of this API key is spent/);
    // Other keys are not affected.
    expect((await callPing(suite.gatewayUrl, { 'x-api-key': suite.apiKey })).status).toBe(200);
  });
});
