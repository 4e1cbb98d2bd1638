import type { CostSeries, UsageBreakdown, UsageSeries } from '@lfc/contracts';
import { adminCall, createKey, waitFor } from './support/admin-api';
import { connectLegacySse, connectStreamable, statelessRequest } from './support/mcp-clients';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

const PASSWORD = 'a long report passphrase';

/** Exact sum of decimal USD strings, as a decimal string (cents of cents would be lost in floats). */
function sumUsd(values: string[]): string {
  const units = values.reduce((sum, value) => {
    const [whole = '0', fraction = ''] = value.split('.');
    return sum + BigInt(whole) * 10n ** 12n + BigInt(fraction.padEnd(12, '0'));
  }, 0n);
  const fraction = (units % 10n ** 12n).toString().padStart(12, '0').replace(/0+$/, '');
  return `${units / 10n ** 12n}${fraction ? `.${fraction}` : ''}`;
}

/** Spend and tokens per group over all buckets (a run across an hour or midnight spreads them). */
function byGroup(series: CostSeries): Record<string, { costUsd: string; totalTokens: number }> {
  const groups: Record<string, { costUsd: string; totalTokens: number }> = {};
  for (const point of series.points) {
    const group = point.group ?? '(none)';
    const seen = groups[group] ?? { costUsd: '0', totalTokens: 0 };
    groups[group] = {
      costUsd: sumUsd([seen.costUsd, point.costUsd]),
      totalTokens: seen.totalTokens + point.totalTokens,
    };
  }
  return groups;
}

describe('usage and cost reports for the web console', () => {
  let suite: RunningSuite;
  let cost: string;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gatewayEnv: { LFC_AUDIT_FLUSH_INTERVAL_MS: '100' } });
    cost = suite.backend('cost-accounting').url;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  async function person(email: string, role: 'developer' | 'user', keys: number) {
    const created = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email, password: PASSWORD, role },
    );
    expect(created.status).toBe(201);
    const made = [];
    for (let index = 0; index < keys; index++) {
      made.push(await createKey(suite, { userId: created.body.id, rateLimitPerMinute: null, rateLimitPerHour: null }));
    }
    return { userId: created.body.id, keys: made.map(({ key, apiKey }) => ({ key, id: apiKey.id })) };
  }

  const facade = (key: string, name: string, args: Record<string, unknown> = {}) =>
    fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ name, arguments: args }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { isError?: boolean } }));

  async function get<T>(base: string, path: string, headers: Record<string, string>) {
    const response = await fetch(`${base}${path}`, { headers });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined) as T,
    };
  }
  const usage = <T>(path: string, headers: Record<string, string>) => get<T>(suite.gatewayUrl, path, headers);
  const key = (apiKey: string) => ({ 'x-api-key': apiKey });

  describe('tool calls from the request audit', () => {
    let alice: Awaited<ReturnType<typeof person>>;
    let bob: Awaited<ReturnType<typeof person>>;

    beforeAll(async () => {
      alice = await person('alice-usage@example.com', 'developer', 2);
      bob = await person('bob-usage@example.com', 'user', 1);
      const [a1, a2] = alice.keys.map((made) => made.key) as [string, string];

      // Alice's first key, through the facade: 2 good calls; an unknown tool (404), bad arguments and
      // a tool error (both isError in a 200).
      expect((await facade(a1, 'ping')).status).toBe(200);
      expect((await facade(a1, 'ping', { message: 'again' })).status).toBe(200);
      expect((await facade(a1, 'no_such_tool')).status).toBe(404);
      expect((await facade(a1, 'ping', { bogus: 1 })).body.isError).toBe(true);
      expect((await facade(a1, 'read_file', { path: 'missing.txt' })).body.isError).toBe(true);

      // Her second key over every MCP transport: a session (a good call, and an unknown tool answered
      // as a JSON-RPC error in a 200), the stateless revision and the legacy HTTP+SSE transport.
      const session = await connectStreamable(suite.gatewayUrl, a2);
      await session.client.callTool({ name: 'ping', arguments: {} });
      await expect(session.client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/no_such_tool/);
      await session.client.close();
      const stateless = await statelessRequest(suite.gatewayUrl, a2, {
        method: 'tools/call',
        params: { name: 'ping', arguments: {} },
      });
      expect(stateless.body.result?.isError).toBe(false);
      const legacy = await connectLegacySse(suite.gatewayUrl, a2);
      await legacy.client.callTool({ name: 'ping', arguments: {} });
      await legacy.client.close();

      // Bob: two good calls.
      const [b1] = bob.keys.map((made) => made.key) as [string];
      expect((await facade(b1, 'ping')).status).toBe(200);
      expect((await facade(b1, 'ping')).status).toBe(200);

      // The audit reaches the table in the background: wait until an admin sees every call.
      const ours = new Set([...alice.keys, ...bob.keys].map((made) => made.id));
      await waitFor(async () => {
        const answer = await usage<UsageBreakdown>('/api/v1/usage/breakdown?by=key&scope=all', key(suite.apiKey));
        const calls = answer.body.rows.filter((row) => ours.has(row.key ?? '')).map((row) => row.calls);
        return calls.reduce((sum, count) => sum + count, 0) === 11;
      }, 30_000);
    });

    it('counts one’s own calls and errors in every hour of the day, empty hours included', async () => {
      const answer = await usage<UsageSeries>('/api/v1/usage/series', key(alice.keys[0]!.key));
      expect(answer.status).toBe(200);
      const series = answer.body;
      expect(series).toMatchObject({ range: '24h', bucketSeconds: 3600 });
      expect(series.points).toHaveLength(24);
      expect(series.from).toBe(series.points[0]!.start);
      series.points.forEach((point, index) => {
        expect(Date.parse(point.start)).toBe(Date.parse(series.from) + index * 3_600_000);
        expect(Date.parse(point.start) % 3_600_000).toBe(0);
      });
      expect(Date.parse(series.to)).toBe(Date.parse(series.from) + 24 * 3_600_000);
      expect(series.points.reduce((sum, point) => sum + point.calls, 0)).toBe(9);
      expect(series.points.reduce((sum, point) => sum + point.errors, 0)).toBe(4);
      // The calls were made in the last minutes: every hour but the current (or, across an hour, the
      // one before) is empty, with zeros and no latency.
      for (const point of series.points.filter((one) => one.calls === 0)) {
        expect(point).toMatchObject({ errors: 0, p50Ms: null, p95Ms: null });
      }
      for (const point of series.points.filter((one) => one.calls > 0)) {
        expect(point.p50Ms).toBeGreaterThan(0);
        expect(point.p95Ms).toBeGreaterThanOrEqual(point.p50Ms!);
      }
      expect(series.points.slice(0, 22).every((point) => point.calls === 0)).toBe(true);
    });

    it('cuts 7 and 30 days into whole UTC days', async () => {
      for (const [range, days] of [
        ['7d', 7],
        ['30d', 30],
      ] as const) {
        const { body } = await usage<UsageSeries>(`/api/v1/usage/series?range=${range}`, key(alice.keys[1]!.key));
        expect(body.bucketSeconds).toBe(86_400);
        expect(body.points).toHaveLength(days);
        expect(body.from.endsWith('T00:00:00.000Z')).toBe(true);
        expect(body.points.reduce((sum, point) => sum + point.calls, 0)).toBe(9);
      }
    });

    it('breaks one’s own calls down by tool and by key, busiest first', async () => {
      const byTool = await usage<UsageBreakdown>('/api/v1/usage/breakdown?by=tool', key(alice.keys[0]!.key));
      expect(byTool.body.rows.map(({ key: tool, calls, errors }) => ({ tool, calls, errors }))).toEqual([
        { tool: 'ping', calls: 6, errors: 1 },
        { tool: 'no_such_tool', calls: 2, errors: 2 },
        { tool: 'read_file', calls: 1, errors: 1 },
      ]);
      const byKey = await usage<UsageBreakdown>('/api/v1/usage/breakdown?by=key&range=7d', key(alice.keys[1]!.key));
      expect(byKey.body).toMatchObject({ range: '7d', by: 'key' });
      expect(byKey.body.rows.map(({ key: id, calls, errors }) => ({ id, calls, errors }))).toEqual([
        { id: alice.keys[0]!.id, calls: 5, errors: 3 },
        { id: alice.keys[1]!.id, calls: 4, errors: 1 },
      ]);
      const onlyPing = await usage<UsageSeries>('/api/v1/usage/series?tool=ping', key(alice.keys[0]!.key));
      expect(onlyPing.body.points.reduce((sum, point) => sum + point.calls, 0)).toBe(6);
      const oneKey = await usage<UsageBreakdown>(
        `/api/v1/usage/breakdown?by=tool&keyId=${alice.keys[1]!.id}`,
        key(alice.keys[0]!.key),
      );
      expect(oneKey.body.rows.map((row) => [row.key, row.calls])).toEqual([
        ['ping', 3],
        ['no_such_tool', 1],
      ]);
    });

    it('shows a person signed in with a token the calls of all their keys', async () => {
      const login = await adminCall<{ accessToken: string }>(
        suite,
        'POST',
        '/api/v1/auth/login',
        {},
        { email: 'alice-usage@example.com', password: PASSWORD },
      );
      const answer = await usage<UsageSeries>('/api/v1/usage/series', {
        authorization: `Bearer ${login.body.accessToken}`,
      });
      expect(answer.status).toBe(200);
      expect(answer.body.points.reduce((sum, point) => sum + point.calls, 0)).toBe(9);
    });

    it('keeps everyone’s calls to admins: 403 for others, and another’s key yields nothing', async () => {
      const bobKey = key(bob.keys[0]!.key);
      const own = await usage<UsageSeries>('/api/v1/usage/series', bobKey);
      expect(own.body.points.reduce((sum, point) => sum + point.calls, 0)).toBe(2);
      expect(own.body.points.reduce((sum, point) => sum + point.errors, 0)).toBe(0);

      for (const path of [
        '/api/v1/usage/series?scope=all',
        '/api/v1/usage/breakdown?by=key&scope=all',
        '/api/v1/usage/export.csv?by=tool&scope=all',
      ]) {
        const refused = await usage<{ error: { code: string; message: string } }>(path, bobKey);
        expect([path, refused.status, refused.body.error.code]).toEqual([path, 403, 'insufficient_role']);
        expect(refused.body.error.message).toContain('scope: all');
      }
      // Alice's key, asked for by Bob: the same empty answer as a key that does not exist.
      const theirs = await usage<UsageBreakdown>(`/api/v1/usage/breakdown?by=tool&keyId=${alice.keys[0]!.id}`, bobKey);
      const nobodys = await usage<UsageBreakdown>(
        '/api/v1/usage/breakdown?by=tool&keyId=00000000-0000-4000-8000-000000000000',
        bobKey,
      );
      expect([theirs.status, theirs.body.rows]).toEqual([200, []]);
      expect([nobodys.status, nobodys.body.rows]).toEqual([200, []]);

      const admin = key(suite.apiKey);
      const everyone = await usage<UsageBreakdown>('/api/v1/usage/breakdown?by=key&scope=all', admin);
      const counts = Object.fromEntries(everyone.body.rows.map((row) => [row.key, [row.calls, row.errors]]));
      expect(counts[alice.keys[0]!.id]).toEqual([5, 3]);
      expect(counts[alice.keys[1]!.id]).toEqual([4, 1]);
      expect(counts[bob.keys[0]!.id]).toEqual([2, 0]);
      const aliceFirstKey = await usage<UsageSeries>(
        `/api/v1/usage/series?scope=all&keyId=${alice.keys[0]!.id}`,
        admin,
      );
      expect(aliceFirstKey.body.points.reduce((sum, point) => sum + point.calls, 0)).toBe(5);
      // An admin's own scope is the admin's own calls: none here.
      const adminOwn = await usage<UsageSeries>('/api/v1/usage/series', admin);
      expect(adminOwn.body.points.every((point) => point.calls === 0)).toBe(true);
    });

    it('exports the breakdown as CSV', async () => {
      const csv = await usage('/api/v1/usage/export.csv?by=tool&range=7d', key(alice.keys[0]!.key));
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="usage-by-tool-7d.csv"');
      const lines = csv.text.trim().split('\n');
      expect(lines[0]).toBe('tool,calls,errors,p50_ms,p95_ms');
      expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
        '"ping","6","1"',
        '"no_such_tool","2","2"',
        '"read_file","1","1"',
      ]);
    });

    it('answers bad query values with 400 naming the field, and no credentials with 401', async () => {
      const alice0 = key(alice.keys[0]!.key);
      for (const [path, field] of [
        ['/api/v1/usage/series?range=1y', 'range'],
        ['/api/v1/usage/series?scope=everyone', 'scope'],
        ['/api/v1/usage/series?keyId=not-a-uuid', 'keyId'],
        ['/api/v1/usage/series?tool=read%20file', 'tool'],
        [`/api/v1/usage/series?tool=${'x'.repeat(200)}`, 'tool'],
        ['/api/v1/usage/series?range=24h&range=7d', 'range'],
        ['/api/v1/usage/breakdown', 'by'],
        ['/api/v1/usage/breakdown?by=model', 'by'],
        ['/api/v1/usage/export.csv?by=day', 'by'],
      ] as const) {
        const answer = await usage<{ error: { code: string; message: string } }>(path, alice0);
        expect([path, answer.status, answer.body.error.code]).toEqual([path, 400, 'validation_failed']);
        expect(answer.body.error.message).toContain(`${field}:`);
      }
      expect((await usage('/api/v1/usage/series', {})).status).toBe(401);
    });
  });

  describe('spend over time from the cost ledger', () => {
    let carol: Awaited<ReturnType<typeof person>>;
    let dave: Awaited<ReturnType<typeof person>>;

    const track = async (
      apiKey: string,
      operation: string,
      model: string,
      input: number,
      output: number,
      type?: string,
    ) => {
      const answer = await facade(apiKey, 'track_token_usage', {
        operation_id: operation,
        model,
        input_tokens: input,
        output_tokens: output,
        ...(type ? { operation_type: type } : {}),
      });
      expect(answer.body.isError).toBe(false);
    };
    const series = (query: string, apiKey: string) =>
      get<CostSeries & { error: { code: string; message: string } }>(cost, `/api/v1/cost/series?${query}`, key(apiKey));

    beforeAll(async () => {
      carol = await person('carol-cost@example.com', 'developer', 2);
      dave = await person('dave-cost@example.com', 'user', 1);
      const [c1, c2] = carol.keys.map((made) => made.key) as [string, string];
      await track(c1, 'c1-a', 'gpt-4o-mini', 1_000_000, 0);
      await track(c1, 'c1-b', 'claude-sonnet-4', 0, 1_000_000, 'agent_step');
      await track(c2, 'c2-a', 'gpt-4o-mini', 500_000, 0);
      await track(dave.keys[0]!.key, 'd1-a', 'gpt-4o', 1_000_000, 0);
    });

    it('splits a key’s spend by model per hour, exactly, the bigger spender first', async () => {
      const answer = await series('range=24h&splitBy=model', carol.keys[0]!.key);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ range: '24h', scope: 'key', bucketSeconds: 3600, currency: 'USD' });
      expect(answer.body.omittedGroups).toBe(0);
      expect(byGroup(answer.body)).toEqual({
        'claude-sonnet-4': { costUsd: '15', totalTokens: 1_000_000 },
        'gpt-4o-mini': { costUsd: '0.15', totalTokens: 1_000_000 },
      });
      const starts = answer.body.points.map((point) => Date.parse(point.start));
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      for (const start of starts) expect(start % 3_600_000).toBe(0);
      const first = answer.body.points.filter((point) => point.start === answer.body.points[0]!.start);
      if (first.length === 2) expect(first.map((point) => point.group)).toEqual(['claude-sonnet-4', 'gpt-4o-mini']);
    });

    it('splits a user’s spend by key and by operation type', async () => {
      const byKey = await series('splitBy=key&scope=user', carol.keys[0]!.key);
      expect(byKey.body).toMatchObject({ range: '30d', scope: 'user', bucketSeconds: 86_400 });
      expect(byGroup(byKey.body)).toEqual({
        [carol.keys[0]!.id]: { costUsd: '15.15', totalTokens: 2_000_000 },
        [carol.keys[1]!.id]: { costUsd: '0.075', totalTokens: 500_000 },
      });
      const byType = await series('range=7d&splitBy=operation_type&scope=user', carol.keys[1]!.key);
      expect(byGroup(byType.body)).toEqual({
        agent_step: { costUsd: '15', totalTokens: 1_000_000 },
        completion: { costUsd: '0.225', totalTokens: 1_500_000 },
      });
    });

    it('keeps everyone’s spend to admins, and each user to their own', async () => {
      const refused = await series('scope=all', dave.keys[0]!.key);
      expect([refused.status, refused.body.error.code]).toEqual([403, 'insufficient_role']);
      expect(byGroup((await series('scope=user', dave.keys[0]!.key)).body)).toEqual({
        'gpt-4o': { costUsd: '2.5', totalTokens: 1_000_000 },
      });
      const everyone = await series('range=7d&splitBy=model&scope=all', suite.apiKey);
      expect(everyone.body).toMatchObject({ scope: 'all', bucketSeconds: 86_400 });
      expect(byGroup(everyone.body)).toEqual({
        'claude-sonnet-4': { costUsd: '15', totalTokens: 1_000_000 },
        'gpt-4o': { costUsd: '2.5', totalTokens: 1_000_000 },
        'gpt-4o-mini': { costUsd: '0.225', totalTokens: 1_500_000 },
      });
    });

    it('answers bad query values with 400 naming the field', async () => {
      for (const [query, field] of [
        ['splitBy=day', 'splitBy'],
        ['range=90d', 'range'],
        ['scope=everyone', 'scope'],
      ] as const) {
        const answer = await series(query, carol.keys[0]!.key);
        expect([query, answer.status, answer.body.error.code]).toEqual([query, 400, 'validation_failed']);
        expect(answer.body.error.message).toContain(`${field}:`);
      }
      expect((await fetch(`${cost}/api/v1/cost/series`)).status).toBe(401);
    });
  });
});
