import { readFileSync } from 'node:fs';
import { callPing, createKey, waitFor } from './support/admin-api';
import { INITIALIZE, mcpRequest } from './support/mcp-clients';
import { freePort } from './support/processes';
import { REDIS_URL, RunningSuite } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(120_000);

async function metric(gatewayUrl: string, decision: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((row) => row.startsWith('lfc_rate_limit_decisions_total{') && row.includes(`decision="${decision}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('per-key rate limits shared by gateway replicas', () => {
  let suite: RunningSuite;
  let proxy: TcpProxy;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gateways: 2 });
    const redis = new URL(REDIS_URL);
    proxy = new TcpProxy(await freePort(), { host: redis.hostname, port: Number(redis.port || 6379) });
    await proxy.start();
    // A third gateway reaches Redis only through the proxy, so the test can take Redis away from it.
    await suite.addGateway({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, LFC_RATE_LIMIT_EXPECTED_REPLICAS: '2' });
  });

  afterAll(async () => {
    await proxy?.stop();
    await suite?.stop();
  });

  it('lets exactly 20 of 100 concurrent calls through across two gateways, with headers and Retry-After', async () => {
    const { key } = await createKey(suite, { rateLimitPerMinute: 20, rateLimitPerHour: 1000 });
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) => callPing(suite.gateways[index % 2]!.url, { 'x-api-key': key })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(80);

    const allowed = responses.filter((response) => response.status === 200);
    const remaining = allowed
      .map((response) => Number(response.headers.get('ratelimit-remaining')))
      .sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, index) => index));
    for (const response of allowed) {
      expect(response.headers.get('ratelimit-limit')).toBe('20');
      expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
    }
    const refused = responses.find((response) => response.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');

    // The 21st, later and on MCP, is refused as a JSON-RPC error with the same data.
    const mcp = await fetch(`${suite.gateways[1]!.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-api-key': key },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      }),
    });
    expect(mcp.status).toBe(429);
    expect(mcp.headers.get('retry-after')).not.toBeNull();
    const rpc = (await mcp.json()) as { error: { code: number; data: { reason: string; retryAfterSeconds: number } } };
    expect(rpc.error.data.reason).toBe('rate_limited');
    expect(rpc.error.data.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('honours an hourly limit below the minute limit', async () => {
    const { key } = await createKey(suite, { rateLimitPerMinute: 50, rateLimitPerHour: 5 });
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++)
      statuses.push((await callPing(suite.gateways[index % 2]!.url, { 'x-api-key': key })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await callPing(suite.gateways[0]!.url, { 'x-api-key': key });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  /** Sends `workers` × `each` sequential list requests at once and times every answer. */
  async function timedLoad(
    gatewayUrl: string,
    key: string,
    workers: number,
    each: number,
  ): Promise<{ statuses: number[]; timings: number[] }> {
    const statuses: number[] = [];
    const timings: number[] = [];
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let index = 0; index < each; index++) {
          const started = performance.now();
          const response = await fetch(`${gatewayUrl}/api/v1/tools/list`, { headers: { 'x-api-key': key } });
          await response.arrayBuffer();
          timings.push(performance.now() - started);
          statuses.push(response.status);
        }
      }),
    );
    return { statuses, timings: timings.sort((a, b) => a - b) };
  }

  const logLines = (file: string, text: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes(text)).length;

  it.each([
    ['refuses connections', (cut: TcpProxy) => cut.stop()],
    ['accepts connections and never answers', (cut: TcpProxy) => cut.blackhole()],
  ])(
    'answers on a local limit as fast as a replica whose Redis answers (only calls made before Redis counts as away wait out the timeout) while Redis %s, logs the outage once, and limits shared again within 2 s of its return',
    async (_kind, cut) => {
      const gateway = suite.gateways[2]!;
      const { key } = await createKey(suite, { rateLimitPerMinute: 100_000, rateLimitPerHour: 1_000_000 });
      expect((await callPing(gateway.url, { 'x-api-key': key })).status).toBe(200);
      // Missing Redis again within 2 s of its return counts as the same outage: start clear of the last one.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const downBefore = logLines(gateway.logFile, 'Redis unreachable');
      const upBefore = logLines(gateway.logFile, 'shared rate limiting restored');

      const localBefore = await metric(gateway.url, 'local_fallback_allowed');
      await cut(proxy);
      try {
        // The baseline is the same load on a replica whose Redis answers, run at the same moment, so
        // whatever else the machine is doing slows both alike and the comparison stays fair.
        const [{ statuses, timings }, baseline] = await Promise.all([
          timedLoad(gateway.url, key, 10, 20),
          timedLoad(suite.gateways[0]!.url, key, 10, 20),
        ]);
        expect(baseline.statuses.filter((status) => status !== 200)).toEqual([]);
        expect(statuses.filter((status) => status >= 500)).toEqual([]);
        expect(statuses.filter((status) => status !== 200)).toEqual([]);
        const at = (sorted: number[], share: number) => sorted[Math.floor(sorted.length * share)]!;
        // Only the requests in flight when Redis went away (at most one per worker) wait out the
        // timeout: a limiter that asked Redis first would add it to every answer. Bounds are relative
        // to the simultaneous baseline, never absolute, so a slow or busy machine cannot break them.
        expect(at(timings, 0.5)).toBeLessThan(at(baseline.timings, 0.5) + 10);
        // Decided locally: every request of the load but the (at most 10) answered by Redis before
        // it went away shows in the metric. Counted, not timed: the tail of a latency
        // distribution on a shared machine says more about the machine than about the limiter.
        expect((await metric(gateway.url, 'local_fallback_allowed')) - localBefore).toBeGreaterThanOrEqual(
          statuses.length - 10,
        );
      } finally {
        await proxy.start();
      }

      const sharedBefore = await metric(gateway.url, 'allowed');
      const recovery = await waitFor(
        async () => {
          await callPing(gateway.url, { 'x-api-key': key });
          return (await metric(gateway.url, 'allowed')) > sharedBefore;
        },
        2000,
        50,
      );
      expect(recovery).toBeLessThan(2000);
      // Log lines leave the process in batches: wait for the recovery line, then count both.
      await waitFor(async () => logLines(gateway.logFile, 'shared rate limiting restored') > upBefore, 10_000);
      expect(logLines(gateway.logFile, 'Redis unreachable') - downBefore).toBe(1);
      expect(logLines(gateway.logFile, 'shared rate limiting restored') - upBefore).toBe(1);
    },
  );

  it('keeps the MCP sessions a replica knows working when Redis goes silent mid-load; an unknown one gets a retryable JSON-RPC error', async () => {
    const gateway = suite.gateways[2]!.url;
    const { key } = await createKey(suite, { rateLimitPerMinute: 100_000, rateLimitPerHour: 1_000_000 });
    const known = await Promise.all(
      Array.from({ length: 5 }, async () => (await mcpRequest(gateway, key, INITIALIZE)).sessionId!),
    );
    // A session begun on another replica: this one has only the shared store to learn of it.
    const elsewhere = (await mcpRequest(suite.gateways[0]!.url, key, INITIALIZE)).sessionId!;

    const statuses: number[] = [];
    const loadUntil = Date.now() + 6_000;
    const load = Promise.all(
      known.map(async (sessionId, worker) => {
        for (let id = 1; Date.now() < loadUntil; id++) {
          const answer = await mcpRequest(
            gateway,
            key,
            { id, method: 'tools/call', params: { name: 'ping', arguments: { message: `w${worker}` } } },
            sessionId,
          );
          statuses.push(answer.status);
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await proxy.blackhole();
    try {
      // Past the replica's 5 s trust in its own copy, lookups go to the silent store and fall back.
      await load;
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(statuses.length).toBeGreaterThan(50);

      const unknown = await mcpRequest(gateway, key, { id: 1, method: 'tools/list' }, elsewhere);
      expect(unknown.status).toBe(503);
      expect(unknown.body?.error?.data).toMatchObject({ reason: 'dependency_unavailable', retryable: true });

      // A new session still begins, and serves on the replica that began it.
      const fresh = await mcpRequest(gateway, key, INITIALIZE);
      expect(fresh.status).toBe(200);
      const call = await mcpRequest(
        gateway,
        key,
        { id: 2, method: 'tools/call', params: { name: 'ping', arguments: {} } },
        fresh.sessionId,
      );
      expect(call.status).toBe(200);
      expect(call.body?.result).toBeDefined();
    } finally {
      await proxy.start();
    }
    await waitFor(
      async () => (await mcpRequest(gateway, key, { id: 3, method: 'tools/list' }, elsewhere)).status === 200,
      2000,
      100,
    );
  });

  it('refuses a key already over its limit from memory, without asking Redis, until its window resets', async () => {
    const gateway = suite.gateways[2]!;
    const { key } = await createKey(suite, { rateLimitPerMinute: 2, rateLimitPerHour: 1000 });
    // An earlier test cut Redis: wait until this gateway limits shared again.
    const { key: probe } = await createKey(suite, { rateLimitPerMinute: 100_000, rateLimitPerHour: 1_000_000 });
    const sharedBefore = await metric(gateway.url, 'allowed');
    await waitFor(
      async () => {
        await callPing(gateway.url, { 'x-api-key': probe });
        return (await metric(gateway.url, 'allowed')) > sharedBefore;
      },
      2000,
      50,
    );
    const first = [];
    for (let index = 0; index < 3; index++) first.push((await callPing(gateway.url, { 'x-api-key': key })).status);
    expect(first).toEqual([200, 200, 429]);
    const fromMemory = await metric(gateway.url, 'limited_from_memory');
    const local =
      (await metric(gateway.url, 'local_fallback_allowed')) + (await metric(gateway.url, 'local_fallback_limited'));
    // With Redis gone, a request that asked it would notice (local fallback, an outage logged).
    await proxy.stop();
    try {
      const refused = await Promise.all(Array.from({ length: 5 }, () => callPing(gateway.url, { 'x-api-key': key })));
      expect(refused.map((response) => response.status)).toEqual([429, 429, 429, 429, 429]);
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await metric(gateway.url, 'limited_from_memory')).toBe(fromMemory + 5);
      expect(
        (await metric(gateway.url, 'local_fallback_allowed')) + (await metric(gateway.url, 'local_fallback_limited')),
      ).toBe(local);
    } finally {
      await proxy.start();
    }
  });

  it('local limiting while Redis is away uses the replica’s share of the limit', async () => {
    const gateway = suite.gateways[2]!.url;
    const { key } = await createKey(suite, { rateLimitPerMinute: 10, rateLimitPerHour: 1000 });
    await proxy.stop();
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 8; index++) statuses.push((await callPing(gateway, { 'x-api-key': key })).status);
      // Two expected replicas: 10 / 2 = 5 per replica.
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    } finally {
      await proxy.start();
    }
  });
});
