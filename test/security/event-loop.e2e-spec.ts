import { Client } from 'pg';
import { createKey } from '../support/admin-api';
import { connectLegacySse, mcpRequest } from '../support/mcp-clients';
import { RunningSuite } from '../support/suite';

jest.setTimeout(180_000);

/** What the issue allows one request to hold the gateway's event loop for. */
const MAX_LAG_SECONDS = 0.05;
/** The frozen gateway this guards against answered after minutes; a healthy one within milliseconds. */
const ANSWER_WITHIN_MS = 10_000;
/** Idle windows that measure the machine's own noise in the lag. */
const IDLE_WINDOWS = 3;

/**
 * Scopes as an attacker would write them: each backtracks catastrophically as a regular expression
 * against a long run of `a`. Stored straight into the database (auth refuses some of them), because
 * what is stored must be safe too.
 */
const HOSTILE_SCOPES = [
  '*a*a*a*a*a*a*a*a*Z',
  '?*?*?*?*?*?*?*?*?*?*?*?*Z',
  `${'*a'.repeat(40)}*Z`,
  `${'*a?'.repeat(30)}*Z`,
  '(a+)+$',
];
const LONG_NAMES = [60, 61, 100, 127, 128].map((length) => 'a'.repeat(length));
const INVALID_NAMES = [
  'a'.repeat(129),
  'a'.repeat(10_000),
  `${'a'.repeat(60)} `,
  'a/'.repeat(40),
  'ſcan',
  '',
  'admin:keys',
];

/** prom-client samples the loop every 10 ms; each sample is that whole interval, lag included. */
const SAMPLING_INTERVAL_SECONDS = 0.01;

/**
 * The gateway's own measure: the longest `monitorEventLoopDelay` sample since the previous scrape
 * (each scrape resets it), less the sampling interval it includes.
 */
async function eventLoopLagMax(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const row = text.split('\n').find((line) => line.startsWith('lfc_nodejs_eventloop_lag_max_seconds'));
  if (!row) throw new Error('the gateway exports no lfc_nodejs_eventloop_lag_max_seconds');
  return Number(row.split(' ').pop()) - SAMPLING_INTERVAL_SECONDS;
}

/**
 * Runs `work` against the gateway and answers the longest event-loop lag the gateway saw during it,
 * with the longest it sees in idle windows as long, right afterwards. The machine's own load (other
 * processes taking the CPU from the gateway) shows in both; the idle windows tell the part the
 * requests did not cause, so the bound is held against what the requests add. A stall of
 * the kind this guards against lasts seconds to minutes, far beyond either.
 */
async function lagDuring(gatewayUrl: string, work: () => Promise<void>): Promise<{ lag: number; noise: number }> {
  await eventLoopLagMax(gatewayUrl);
  const started = Date.now();
  await work();
  const lag = await eventLoopLagMax(gatewayUrl);
  const took = Date.now() - started;
  let noise = 0;
  for (let window = 0; window < IDLE_WINDOWS; window++) {
    await new Promise((resolve) => setTimeout(resolve, took));
    noise = Math.max(noise, await eventLoopLagMax(gatewayUrl));
  }
  return { lag, noise };
}

describe('nothing a caller sends blocks the gateway’s event loop', () => {
  let suite: RunningSuite;
  let key: string;
  let sessionId: string;

  beforeAll(async () => {
    suite = await RunningSuite.start();
    const created = await createKey(suite, {
      scopes: ['ping'],
      rateLimitPerMinute: 100_000,
      rateLimitPerHour: 1_000_000,
    });
    key = created.key;
    // Before the key's first use, so no cache holds its old scopes.
    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    await db.query('UPDATE auth.api_keys SET scopes = $1 WHERE id = $2', [
      JSON.stringify(HOSTILE_SCOPES),
      created.apiKey.id,
    ]);
    await db.end();
    const initialized = await mcpRequest(suite.gatewayUrl, key, {
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'attacker', version: '1' } },
    });
    expect(initialized.status).toBe(200);
    sessionId = initialized.sessionId!;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  function mcpCall(name: string, id: number, as = { key, sessionId }) {
    return fetch(`${suite.gatewayUrl}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': as.key,
        'mcp-session-id': as.sessionId,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } }),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
  }

  function facadeCall(name: string, as = key) {
    return fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': as },
      body: JSON.stringify({ name, arguments: {} }),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
  }

  /**
   * The first request down each path loads and compiles code, which takes the loop for a moment
   * whatever the input: each path is taken once with harmless input before anything is measured.
   * Other scopes than the hostile key's, so its tool list is still computed while measured.
   */
  async function warmUp(): Promise<void> {
    const admin = await mcpRequest(suite.gatewayUrl, suite.apiKey, {
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'warm-up', version: '1' } },
    });
    for (const name of ['ping', 'no_such_tool', 'not valid']) {
      await (await mcpCall(name, 1, { key: suite.apiKey, sessionId: admin.sessionId! })).arrayBuffer();
      await (await facadeCall(name, suite.apiKey)).arrayBuffer();
    }
    await (await mcpCall('b', 1)).arrayBuffer();
    await (await facadeCall('b')).arrayBuffer();
    await mcpRequest(suite.gatewayUrl, suite.apiKey, { id: 2, method: 'tools/list' }, admin.sessionId);
    await (
      await fetch(`${suite.gatewayUrl}/api/v1/tools/list`, { headers: { 'x-api-key': suite.apiKey } })
    ).arrayBuffer();
  }

  it('answers hostile scopes against 60–128-character names at once, and its loop lag stays under 50 ms', async () => {
    await warmUp();
    let id = 1;
    const { lag, noise } = await lagDuring(suite.gatewayUrl, async () => {
      for (let round = 0; round < 3; round++) {
        for (const name of LONG_NAMES) {
          const mcp = await mcpCall(name, id++);
          expect(mcp.status).toBe(200);
          expect(((await mcp.json()) as { error: { data: { reason: string } } }).error.data.reason).toBe(
            'insufficient_scope',
          );
          const facade = await facadeCall(name);
          expect(facade.status).toBe(403);
          await facade.arrayBuffer();
        }
        const listed = await mcpRequest(suite.gatewayUrl, key, { id: id++, method: 'tools/list' }, sessionId);
        expect(listed.body?.result?.tools).toEqual([]);
        const facadeList = await fetch(`${suite.gatewayUrl}/api/v1/tools/list`, { headers: { 'x-api-key': key } });
        expect(((await facadeList.json()) as { tools: unknown[] }).tools).toEqual([]);
      }
    });
    expect(lag).toBeLessThan(MAX_LAG_SECONDS + noise);
  });

  it('refuses names outside MCP’s rule on MCP (-32602) and the facade (400), naming the rule, and its loop lag stays under 50 ms', async () => {
    await warmUp();
    let id = 100;
    const { lag, noise } = await lagDuring(suite.gatewayUrl, async () => {
      for (const name of INVALID_NAMES) {
        const mcp = await mcpCall(name, id++);
        expect(mcp.status).toBe(200);
        const rpc = (await mcp.json()) as { error: { code: number; message: string; data: { reason: string } } };
        expect(rpc.error.code).toBe(-32602);
        expect(rpc.error.data.reason).toBe('validation_failed');
        expect(rpc.error.message).toMatch(/name: .*(128 characters|letters, digits, _, \. and -)/);

        const facade = await facadeCall(name);
        expect(facade.status).toBe(400);
        const body = (await facade.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('validation_failed');
        expect(body.error.message).toMatch(/name: .*(128 characters|letters, digits, _, \. and -)/);
      }
    });
    expect(lag).toBeLessThan(MAX_LAG_SECONDS + noise);
  });

  it('refuses names outside MCP’s rule on the legacy SSE transport too', async () => {
    const { client } = await connectLegacySse(suite.gatewayUrl, key);
    try {
      for (const name of ['a'.repeat(129), 'read file']) {
        await expect(client.callTool({ name, arguments: {} })).rejects.toMatchObject({ code: -32602 });
      }
      await expect(client.callTool({ name: 'a'.repeat(128), arguments: {} })).rejects.toMatchObject({ code: -32001 });
    } finally {
      await client.close();
    }
  });
});
