import { RunningSuite } from './support/suite';

jest.setTimeout(60_000);

const ACCEPT = 'application/json, text/event-stream';

describe('bad input never yields a 500 and never kills a process', () => {
  let suite: RunningSuite;
  let sessionId: string;

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${suite.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'x-api-key': suite.apiKey, ...headers },
      body,
    });

  const rpc = async (message: unknown) => {
    const response = await post('/mcp', JSON.stringify(message), { 'mcp-session-id': sessionId });
    return { status: response.status, body: (await response.json()) as { error?: { code: number; message: string } } };
  };

  beforeAll(async () => {
    suite = await RunningSuite.start();
    const init = await post(
      '/mcp',
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bad-input', version: '1' } },
      }),
    );
    expect(init.status).toBe(200);
    sessionId = init.headers.get('mcp-session-id') ?? '';
    expect(sessionId).not.toBe('');
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('answers malformed JSON with -32700', async () => {
    const response = await post('/mcp', '{"jsonrpc": "2.0", "id": 1, ', { 'mcp-session-id': sessionId });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });

  it('answers a body over 10 MB with 413', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1024, 'a');
    const response = await post('/mcp', huge, { 'mcp-session-id': sessionId });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /over the 10485760 bytes this service accepts/,
    );
    const facade = await post('/api/v1/tools/call', huge);
    expect(facade.status).toBe(413);
  });

  it('answers a wrong content type with 415', async () => {
    for (const path of ['/mcp', '/api/v1/tools/call', '/messages?sessionId=x']) {
      const response = await post(path, 'name=ping', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.status).toBe(415);
    }
  });

  it('answers an Accept without event-stream with 406 on POST /mcp', async () => {
    const response = await post('/mcp', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }), {
      'mcp-session-id': sessionId,
      accept: 'application/json',
    });
    expect(response.status).toBe(406);
  });

  it('answers an unknown method with -32601', async () => {
    const { status, body } = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/explode' });
    expect(status).toBe(200);
    expect(body.error?.code).toBe(-32601);
  });

  it('answers an unknown tool with -32602', async () => {
    const { body } = await rpc({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'no_such_tool', arguments: {} },
    });
    expect(body.error?.code).toBe(-32602);
    expect(body.error?.message).toMatch(/no_such_tool/);
  });

  it('answers tools/call without a name with -32602 naming the field', async () => {
    const { body } = await rpc({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { arguments: {} } });
    expect(body.error?.code).toBe(-32602);
    expect(body.error?.message).toMatch(/name/);
  });

  it('returns a tool error naming the bad argument', async () => {
    const response = await post(
      '/mcp',
      JSON.stringify({
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { name: 'ping', arguments: { message: 42 } },
      }),
      {
        'mcp-session-id': sessionId,
      },
    );
    const body = (await response.json()) as { result: { isError: boolean; content: { text: string }[] } };
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0]?.text).toMatch(/message/);
  });

  it('answers a non-JSON-RPC body with -32600', async () => {
    const { status, body } = await rpc({ hello: 'world' });
    expect(status).toBe(400);
    expect(body.error?.code).toBe(-32600);
  });

  it('answers a missing session id with 400 and an unknown one with 404', async () => {
    const missing = await post('/mcp', JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'tools/list' }));
    expect(missing.status).toBe(400);
    const unknown = await post('/mcp', JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }), {
      'mcp-session-id': '00000000-0000-0000-0000-000000000000',
    });
    expect(unknown.status).toBe(404);
    const deleteUnknown = await fetch(`${suite.gatewayUrl}/mcp`, {
      method: 'DELETE',
      headers: { 'x-api-key': suite.apiKey, 'mcp-session-id': 'nope' },
    });
    expect(deleteUnknown.status).toBe(404);
    const legacyUnknown = await post(
      '/messages?sessionId=nope',
      JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'ping' }),
    );
    expect(legacyUnknown.status).toBe(404);
    const legacyMissing = await post('/messages', JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'ping' }));
    expect(legacyMissing.status).toBe(400);
  });

  it('refuses bodies nested too deep with 400 / -32600, and they never count against the executor', async () => {
    // 5,000 levels in 10 KB: parsed fine, then overflowed the stack of every recursive step after it.
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const call = `{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"ping","arguments":{"x":${deep}}}}`;
    // More than the breaker's five failures in a row, on every entry.
    for (let attempt = 0; attempt < 6; attempt++) {
      const viaMcp = await post('/mcp', call, { 'mcp-session-id': sessionId });
      expect(viaMcp.status).toBe(400);
      const answer = (await viaMcp.json()) as { error: { code: number; message: string } };
      expect(answer.error.code).toBe(-32600);
      expect(answer.error.message).toMatch(/more than 64 levels deep/);
      const viaFacade = await post('/api/v1/tools/call', `{"name":"ping","arguments":{"x":${deep}}}`);
      expect(viaFacade.status).toBe(400);
    }
    // An answer to the server, posted in the session, nested the same way.
    const reply = await post('/mcp', `{"jsonrpc":"2.0","id":"e-1","result":${deep}}`, { 'mcp-session-id': sessionId });
    expect(reply.status).toBe(400);
    // The executor's breaker is closed: an ordinary call still runs.
    const { status, body } = await rpc({
      jsonrpc: '2.0',
      id: 12,
      method: 'tools/call',
      params: { name: 'ping', arguments: {} },
    });
    expect(status).toBe(200);
    expect(body.error).toBeUndefined();
    const metrics = await (await fetch(`${suite.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/lfc_circuit_breaker_state\{target="tool-executor"[^}]*\} 0/);
  });

  it('refuses initialize inside a session, and a version header that names no revision as unsupported', async () => {
    const again = await post(
      '/mcp',
      JSON.stringify({
        jsonrpc: '2.0',
        id: 13,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'again', version: '1' } },
      }),
      { 'mcp-session-id': sessionId },
    );
    expect(again.status).toBe(400);
    expect(again.headers.get('mcp-session-id')).toBeNull();
    expect(((await again.json()) as { error: { code: number } }).error.code).toBe(-32600);
    const bogus = await post('/mcp', JSON.stringify({ jsonrpc: '2.0', id: 14, method: 'ping' }), {
      'mcp-session-id': sessionId,
      'mcp-protocol-version': 'bogus',
    });
    expect(bogus.status).toBe(400);
    expect(((await bogus.json()) as { error: { code: number } }).error.code).toBe(-32022);
  });

  it('answers URLs the router cannot read in the one error shape, and an MCP path however it is spelled as JSON-RPC', async () => {
    for (const path of ['/tools/%ZZ', `/tools/${'x'.repeat(200)}`]) {
      const response = await fetch(`${suite.gatewayUrl}${path}`, { headers: { 'x-api-key': suite.apiKey } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'invalid_request', requestId: expect.any(String) },
      });
    }
    const spelled = await post('/%6dcp', '{"jsonrpc": "2.0", "id": 15, ', { 'mcp-session-id': sessionId });
    expect(spelled.status).toBe(400);
    expect(await spelled.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
  });

  it('refuses an unsupported MCP-Protocol-Version with 400', async () => {
    const response = await post('/mcp', JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }), {
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '1999-01-01',
    });
    expect(response.status).toBe(400);
  });

  it('refuses a foreign browser Origin with 403 (DNS rebinding)', async () => {
    const response = await post('/mcp', JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'ping' }), {
      'mcp-session-id': sessionId,
      origin: 'http://evil.example',
    });
    expect(response.status).toBe(403);
  });

  it('gives LangFlow’s GET /mcp probe a stream, not 405 or 400', async () => {
    const controller = new AbortController();
    const response = await fetch(`${suite.gatewayUrl}/mcp`, {
      headers: { accept: 'text/event-stream', 'x-api-key': suite.apiKey },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
  });

  it('does not redirect /mcp/ to /mcp', async () => {
    const response = await fetch(`${suite.gatewayUrl}/mcp/`, {
      redirect: 'manual',
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(response.status).not.toBe(301);
    expect(response.status).not.toBe(308);
  });

  it('never answered with a 5xx and every process is still alive', async () => {
    const metrics = await (await fetch(`${suite.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/lfc_http_requests_total\{/);
    expect(metrics).not.toMatch(/lfc_http_requests_total\{[^}]*status_code="5\d\d"/);
    for (const service of [...suite.backends, ...suite.gateways]) expect(service.child.exitCode).toBeNull();
  });
});
