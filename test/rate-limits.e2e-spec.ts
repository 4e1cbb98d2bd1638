import { callPing, createKey, waitFor } from './support/admin-api';
import { freePort } from './support/processes';
import { REDIS_URL, RunningSuite } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(120_000);

async function metric(gatewayUrl: string, decision: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith('lfc_rate_limit_decisions_total{') && row.includes(`decision="${decision}"`));
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
    const remaining = allowed.map((response) => Number(response.headers.get('ratelimit-remaining'))).sort((a, b) => a - b);
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
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
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
    for (let index = 0; index < 8; index++) statuses.push((await callPing(suite.gateways[index % 2]!.url, { 'x-api-key': key })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await callPing(suite.gateways[0]!.url, { 'x-api-key': key });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('keeps serving under a local limit while Redis is away and returns to shared limiting after', async () => {
    const gateway = suite.gateways[2]!.url;
    const { key } = await createKey(suite, { rateLimitPerMinute: 1000, rateLimitPerHour: 10000 });
    expect((await callPing(gateway, { 'x-api-key': key })).status).toBe(200);
    const fallbackBefore = await metric(gateway, 'local_fallback_allowed');

    await proxy.stop();
    const statuses: number[] = [];
    const timings: number[] = [];
    for (let index = 0; index < 30; index++) {
      const started = performance.now();
      const response = await callPing(gateway, { 'x-api-key': key });
      timings.push(performance.now() - started);
      statuses.push(response.status);
    }
    expect(statuses.every((status) => status < 500)).toBe(true);
    expect(statuses.filter((status) => status === 200).length).toBe(30);
    expect(Math.max(...timings)).toBeLessThan(250);
    expect(await metric(gateway, 'local_fallback_allowed')).toBeGreaterThan(fallbackBefore);

    await proxy.start();
    const sharedBefore = await metric(gateway, 'allowed');
    const recovery = await waitFor(async () => {
      await callPing(gateway, { 'x-api-key': key });
      return (await metric(gateway, 'allowed')) > sharedBefore;
    }, 2000, 100);
    expect(recovery).toBeLessThan(2000);
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
