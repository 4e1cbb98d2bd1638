import { createKey } from './support/admin-api';
import {
  INITIALIZE,
  STATELESS_ENVELOPE as ENVELOPE,
  STATELESS_VERSION as VERSION,
  mcpRequest,
  statelessRequest as send,
} from './support/mcp-clients';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

describe('MCP 2026-07-28 on /mcp beside the session revisions', () => {
  let suite: RunningSuite;
  let gateway: string;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gateways: 2 });
    gateway = suite.gateways[0]!.url;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('answers server/discover with the stateless revisions, the capabilities, cache hints and who answered', async () => {
    const answer = await send(gateway, suite.apiKey, { id: 'discover-1', method: 'server/discover' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('mcp-session-id')).toBeNull();
    expect(answer.body.id).toBe('discover-1');
    expect(answer.body.result).toMatchObject({
      resultType: 'complete',
      supportedVersions: [VERSION],
      capabilities: { tools: { listChanged: true } },
      cacheScope: 'public',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'langflow-connect' } },
    });
    expect(answer.body.result?.ttlMs).toBeGreaterThan(0);
  });

  it('lists tools with resultType and cache hints: public for a key that sees the catalog, private when scopes filter it', async () => {
    const all = await send(gateway, suite.apiKey, { method: 'tools/list' });
    expect(all.status).toBe(200);
    expect(all.body.result).toMatchObject({ resultType: 'complete', cacheScope: 'public' });
    expect(all.body.result?.ttlMs).toBeGreaterThan(0);
    const names = (all.body.result?.tools as { name: string }[]).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['ping', 'read_file']));

    const { key } = await createKey(suite, { scopes: ['ping'] });
    const scoped = await send(gateway, key, { method: 'tools/list' });
    expect(scoped.body.result).toMatchObject({ resultType: 'complete', cacheScope: 'private' });
    expect((scoped.body.result?.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['ping']);
  });

  it('calls a tool without a session, and the same replica serves a 2025 session at the same time', async () => {
    const session = await mcpRequest(gateway, suite.apiKey, INITIALIZE);
    expect(session.status).toBe(200);
    const [stateless, legacy] = await Promise.all([
      send(gateway, suite.apiKey, { method: 'tools/call', params: { name: 'ping', arguments: { message: 'new' } } }),
      mcpRequest(
        gateway,
        suite.apiKey,
        { id: 2, method: 'tools/call', params: { name: 'ping', arguments: { message: 'old' } } },
        session.sessionId,
      ),
    ]);
    expect(stateless.status).toBe(200);
    expect(stateless.body.result).toMatchObject({
      resultType: 'complete',
      isError: false,
      structuredContent: { pong: true, message: 'new' },
    });
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ result: { structuredContent: { message: 'old' } } });
    expect((legacy.body as { result: Record<string, unknown> }).result.resultType).toBeUndefined();
  });

  it('ignores an Mcp-Session-Id on a stateless request and mints none', async () => {
    const answer = await send(gateway, suite.apiKey, { method: 'tools/list' }, { 'mcp-session-id': 'not-a-session' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('mcp-session-id')).toBeNull();
  });

  it.each([
    ['a header that disagrees with the body', { method: 'tools/list' }, { 'mcp-method': 'tools/call' }, 400, -32020],
    ['a missing Mcp-Method', { method: 'tools/list' }, { 'mcp-method': undefined }, 400, -32020],
    [
      'an Mcp-Name that names another tool',
      { method: 'tools/call', params: { name: 'ping', arguments: {} } },
      { 'mcp-name': 'read_file' },
      400,
      -32020,
    ],
    [
      'a revision it does not speak',
      { method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } } },
      { 'mcp-protocol-version': '2099-01-01' },
      400,
      -32022,
    ],
    [
      'a request without its client capabilities',
      { method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/clientCapabilities': null } } },
      {},
      400,
      -32602,
    ],
    ['initialize, which this revision removed', { method: 'initialize' }, {}, 404, -32601],
    ['ping, which this revision removed', { method: 'ping' }, {}, 404, -32601],
    ['prompts/list on a tools-only server', { method: 'prompts/list' }, {}, 404, -32601],
  ])(
    'refuses %s with the status and code the specification gives, naming the request',
    async (_name, message, headers, status, code) => {
      const answer = await send(gateway, suite.apiKey, { id: 'req-7', ...message }, headers);
      expect(answer.status).toBe(status);
      expect(answer.body.id).toBe('req-7');
      expect(answer.body.error?.code).toBe(code);
      expect(answer.body.error?.message).toEqual(expect.any(String));
    },
  );

  it('lists the supported revisions in an unsupported-version refusal, as discover does', async () => {
    const answer = await send(
      gateway,
      suite.apiKey,
      { method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' } } },
      { 'mcp-protocol-version': 'v999.0.0' },
    );
    expect(answer.body.error?.data).toMatchObject({ supported: [VERSION], requested: 'v999.0.0' });
  });

  it('answers unknown tools in band, as a session does', async () => {
    const answer = await send(gateway, suite.apiKey, {
      method: 'tools/call',
      params: { name: 'no_such_tool', arguments: {} },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.error?.code).toBe(-32602);
  });

  it('keeps the edge the same: no key is 401 naming the request, a foreign Origin is 403, over the limit is 429', async () => {
    const anonymous = await send(gateway, '', { id: 'anon', method: 'tools/list' }, { 'x-api-key': undefined });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.id).toBe('anon');
    expect(anonymous.headers.get('www-authenticate')).toContain('resource_metadata');

    const foreign = await send(
      gateway,
      suite.apiKey,
      { method: 'server/discover' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);

    const { key } = await createKey(suite, { rateLimitPerMinute: 2, rateLimitPerHour: 100 });
    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push((await send(gateway, key, { method: 'tools/list' })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('keeps a scoped key within its scopes', async () => {
    const { key } = await createKey(suite, { scopes: ['ping'] });
    const answer = await send(gateway, key, {
      method: 'tools/call',
      params: { name: 'get_system_status', arguments: {} },
    });
    expect(answer.body.error?.data).toMatchObject({ reason: 'insufficient_scope' });
  });

  it('streams progress when the call asks for it, and ends the stream with the result', async () => {
    const response = await fetch(`${gateway}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': suite.apiKey,
        'mcp-protocol-version': VERSION,
        'mcp-method': 'tools/call',
        'mcp-name': 'ping',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'ping', arguments: {}, _meta: { ...ENVELOPE, progressToken: 'p-1' } },
      }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { id?: number; result?: { resultType?: string } });
    expect(events.at(-1)).toMatchObject({ id: 9, result: { resultType: 'complete' } });
  });

  it('opens subscriptions/listen with the acknowledgement of what it will carry, on any replica', async () => {
    const controller = new AbortController();
    const response = await fetch(`${suite.gateways[1]!.url}/mcp`, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': suite.apiKey,
        'mcp-protocol-version': VERSION,
        'mcp-method': 'subscriptions/listen',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 'listen-1',
        method: 'subscriptions/listen',
        params: { _meta: ENVELOPE, notifications: { toolsListChanged: true, promptsListChanged: true } },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('data: ')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    controller.abort();
    const first = JSON.parse(text.split('data: ')[1]!.split('\n')[0]!) as Record<string, unknown>;
    expect(first).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: {
        _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' },
        notifications: { toolsListChanged: true },
      },
    });
  });

  it('keeps GET and DELETE for sessions: without one, DELETE is refused as before', async () => {
    const answer = await mcpRequest(gateway, suite.apiKey, undefined, undefined, 'DELETE');
    expect(answer.status).toBe(400);
  });
});
