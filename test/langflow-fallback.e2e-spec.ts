import { performance } from 'node:perf_hooks';
import { createKey } from './support/admin-api';
import { INITIALIZE } from './support/mcp-clients';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

/** What a POST of the MCP Python SDK 1.x carries (its StreamableHTTPTransport). */
const PYTHON_SDK_POST = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function post(url: string, key: string | undefined, message: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...PYTHON_SDK_POST, ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as { error?: { code: number; data?: { reason?: string } } } | undefined,
  };
}

/** Opens an SSE stream, reads it until `until` matches what arrived, and closes it again. */
async function readStream(
  url: string,
  key: string,
  until: RegExp,
): Promise<{ status: number; contentType: string | null; text: string }> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', 'x-api-key': key },
    signal: controller.signal,
  });
  let text = '';
  if (response.status === 200) {
    const reader = response.body!.getReader();
    while (!until.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
  } else {
    text = await response.text();
  }
  controller.abort();
  return { status: response.status, contentType: response.headers.get('content-type'), text };
}

/**
 * LangFlow's MCP client (lfx `MCPStreamableHttpClient`, on the MCP Python SDK 1.x) connects with
 * Streamable HTTP first: `streamablehttp_client(url)`, then `ClientSession.initialize()` under
 * `asyncio.wait_for(..., timeout=2.0)`. It falls back to the legacy transport (`sse_client` on the
 * same URL) only when that attempt fails with HTTP 404, 405 or 406; a 400, 401, 403, 429 or 5xx
 * is retried as Streamable HTTP or reported, never switched to SSE. The SDK itself turns a 404 on a
 * POST into a "Session terminated" JSON-RPC error, which LangFlow retries, so of those three only
 * a 405 or 406 on the POST moves it to SSE.
 *
 * What the gateway answers, and so what LangFlow does, with either URL:
 * - `/mcp`: `initialize` without a session is 200 with a new `Mcp-Session-Id` (Streamable HTTP,
 *   no fallback); any other POST without a session is 400 `session_required`, which never moves
 *   LangFlow to SSE on a URL that has no legacy stream; GET (older LangFlow's URL probe, and the
 *   SDK's notification stream) is 200 `text/event-stream`, with or without a session.
 * - `/sse`: the Streamable HTTP POST is 405 with `Allow: GET`, so LangFlow falls back, and GET
 *   opens the legacy stream with its `endpoint` event.
 */
describe('a LangFlow-style client: Streamable HTTP first, legacy SSE as the fallback', () => {
  let suite: RunningSuite;
  let key: string;

  beforeAll(async () => {
    suite = await RunningSuite.start();
    ({ key } = await createKey(suite, { rateLimitPerMinute: null, rateLimitPerHour: null }));
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('completes initialize within the 2 s LangFlow waits, with a key the gateway has not seen yet', async () => {
    const started = performance.now();
    const initialized = await post(`${suite.gatewayUrl}/mcp`, key, { ...INITIALIZE, id: 0 });
    const sessionId = initialized.headers.get('mcp-session-id');
    // ClientSession.initialize() returns once notifications/initialized is accepted too.
    const notified = await fetch(`${suite.gatewayUrl}/mcp`, {
      method: 'POST',
      headers: { ...PYTHON_SDK_POST, 'x-api-key': key, 'mcp-session-id': sessionId ?? '' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    const elapsed = performance.now() - started;
    expect({ initialize: initialized.status, session: sessionId !== null, initialized: notified.status }).toEqual({
      initialize: 200,
      session: true,
      initialized: 202,
    });
    expect(elapsed).toBeLessThan(2_000);
  });

  it('keeps LangFlow on Streamable HTTP at /mcp: no probe there answers 404, 405 or 406', async () => {
    const url = `${suite.gatewayUrl}/mcp`;
    const initialize = await post(url, key, { ...INITIALIZE, id: 1 });
    expect(initialize.status).toBe(200);

    const withoutSession = await post(url, key, { id: 2, method: 'tools/list' });
    expect(withoutSession.status).toBe(400);
    expect(withoutSession.body?.error?.data?.reason).toBe('session_required');

    // The stream opens with a comment, which the SDK's SSE reader skips.
    const stream = await readStream(url, key, /\n\n/);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
  });

  it('moves LangFlow to the legacy transport at /sse: the Streamable HTTP POST is 405, GET opens the stream', async () => {
    const url = `${suite.gatewayUrl}/sse`;
    const probe = await post(url, key, { ...INITIALIZE, id: 3 });
    expect(probe.status).toBe(405);
    expect(probe.headers.get('allow')).toBe('GET');

    const stream = await readStream(url, key, /^event: endpoint\ndata: [^\n]*\n\n/m);
    expect(stream.status).toBe(200);
    expect(stream.text).toMatch(/^event: endpoint\ndata: \/messages\?sessionId=[^\n]+\n\n/m);
  });

  it('reports a missing key at /sse as 401, which LangFlow shows as a refused credential, not as a transport to switch', async () => {
    const probe = await post(`${suite.gatewayUrl}/sse`, undefined, { ...INITIALIZE, id: 4 });
    expect(probe.status).toBe(401);
  });
});
