import { createKey, waitFor } from '../support/admin-api';
import { mcpRequest } from '../support/mcp-clients';
import { REDIS_URL, RunningSuite } from '../support/suite';
import { RedisKeyValueStore } from '@lfc/kv';

jest.setTimeout(180_000);

const MAX_SESSIONS = 3;
const MAX_STREAMS = 2;

interface OpenedStream {
  status: number;
  body: string;
  close: () => void;
}

/** Opens an SSE stream (GET /mcp or GET /sse) and keeps it open; a refusal is read in full. */
async function openStream(url: string, key: string): Promise<OpenedStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', 'x-api-key': key },
    signal: controller.signal,
  });
  const close = () => controller.abort();
  if (response.status !== 200) return { status: response.status, body: await response.text(), close };
  // The first bytes say the stream is open; the rest stays unread until closed.
  const reader = response.body!.getReader();
  const first = await reader.read();
  return { status: 200, body: new TextDecoder().decode(first.value), close };
}

function initialize(gatewayUrl: string, key: string, clientName = 'capped') {
  return mcpRequest(gatewayUrl, key, {
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: clientName, version: '1' } },
  });
}

describe('per-key caps on MCP sessions and open SSE streams, shared by gateway replicas', () => {
  let suite: RunningSuite;
  const gateway = (index: number) => suite.gateways[index]!.url;

  beforeAll(async () => {
    suite = await RunningSuite.start({
      gateways: 2,
      gatewayEnv: { LFC_MAX_SESSIONS_PER_KEY: String(MAX_SESSIONS), LFC_MAX_STREAMS_PER_KEY: String(MAX_STREAMS) },
    });
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('refuses a session over the limit on any replica with a JSON-RPC error naming it, and takes one again after DELETE /mcp', async () => {
    const { key } = await createKey(suite, {});
    const sessions: string[] = [];
    for (let index = 0; index < MAX_SESSIONS; index++) {
      const started = await initialize(gateway(index % 2), key);
      expect(started.status).toBe(200);
      sessions.push(started.sessionId!);
    }
    for (const index of [0, 1]) {
      const refused = await initialize(gateway(index), key);
      expect(refused.status).toBe(429);
      expect(refused.sessionId).toBeUndefined();
      expect(refused.body?.error).toMatchObject({
        code: -32000,
        data: { reason: 'too_many_sessions', limit: MAX_SESSIONS },
      });
      expect(refused.body?.error?.message).toContain(`the limit is ${MAX_SESSIONS} (LFC_MAX_SESSIONS_PER_KEY)`);
    }
    // Another key has its own sessions.
    expect((await initialize(gateway(0), (await createKey(suite, {})).key)).status).toBe(200);

    const ended = await mcpRequest(gateway(1), key, undefined, sessions[0], 'DELETE');
    expect(ended.status).toBe(200);
    expect((await initialize(gateway(0), key)).status).toBe(200);
    expect((await initialize(gateway(1), key)).status).toBe(429);
  });

  it('keeps at most 256 characters of a client name, and still begins the session', async () => {
    const { key } = await createKey(suite, {});
    const started = await initialize(gateway(0), key, 'n'.repeat(100_000));
    expect(started.status).toBe(200);
    // Bounded in the stored session, which the shared store keeps for the session's whole life.
    const store = new RedisKeyValueStore(REDIS_URL, suite.redisPrefix);
    await store.connect();
    try {
      const stored = JSON.parse((await store.get(`mcp:session:${started.sessionId}`)) ?? '{}') as {
        clientName?: string;
      };
      expect(stored.clientName).toBe('n'.repeat(256));
    } finally {
      await store.close();
    }
  });

  it('refuses a stream over the limit on /mcp and /sse with 429 naming it, and takes one again once a stream closes', async () => {
    const { key } = await createKey(suite, {});
    const open = [await openStream(`${gateway(0)}/mcp`, key), await openStream(`${gateway(1)}/sse`, key)];
    expect(open.map((stream) => stream.status)).toEqual([200, 200]);

    for (const url of [`${gateway(0)}/mcp`, `${gateway(1)}/mcp`, `${gateway(0)}/sse`]) {
      const refused = await openStream(url, key);
      expect(refused.status).toBe(429);
      const body = JSON.parse(refused.body) as {
        error: { code: number; message: string; data: { reason: string; limit: number } };
      };
      expect(body.error.data).toMatchObject({ reason: 'too_many_streams', limit: MAX_STREAMS });
      expect(body.error.message).toContain(`the limit is ${MAX_STREAMS} (LFC_MAX_STREAMS_PER_KEY)`);
    }

    open[0]!.close();
    let reopened: OpenedStream | undefined;
    await waitFor(
      async () => {
        reopened = await openStream(`${gateway(1)}/mcp`, key);
        return reopened.status === 200;
      },
      10_000,
      100,
    );
    reopened!.close();
    open[1]!.close();
  });

  it('ends the session a refused /sse stream began, so it holds no session place', async () => {
    const { key } = await createKey(suite, {});
    const streams = [await openStream(`${gateway(0)}/mcp`, key), await openStream(`${gateway(0)}/mcp`, key)];
    for (let attempt = 0; attempt < MAX_SESSIONS + 1; attempt++)
      expect((await openStream(`${gateway(1)}/sse`, key)).status).toBe(429);
    for (let index = 0; index < MAX_SESSIONS; index++)
      expect((await initialize(gateway(index % 2), key)).status).toBe(200);
    for (const stream of streams) stream.close();
  });
});
