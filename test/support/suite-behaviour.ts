import { connectLegacySse, connectStreamable } from './mcp-clients';

export interface SuiteTarget {
  gatewayUrl: string;
  apiKey: string;
}

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/**
 * What every deployment of the suite must do for a client, whatever backs it (the machine's
 * PostgreSQL and Redis, or `npm start`'s embedded defaults).
 */
export function describeSuiteBehaviour(target: () => SuiteTarget): void {
  it('serves an SDK client over Streamable HTTP: initialize, list, call, end the session', async () => {
    const { gatewayUrl, apiKey } = target();
    const { client, transport } = await connectStreamable(gatewayUrl, apiKey);
    expect(client.getServerVersion()?.name).toBe('langflow-connect');
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);

    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['ping', 'get_system_status']));
    const ping = tools.find((tool) => tool.name === 'ping');
    expect(ping?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(ping?.outputSchema).toBeDefined();

    const pong = await client.callTool({ name: 'ping', arguments: { message: 'hello' } });
    expect(pong.isError).toBe(false);
    expect(pong.structuredContent).toMatchObject({ pong: true, message: 'hello' });

    const status = await client.callTool({ name: 'get_system_status', arguments: {} });
    expect(status.isError).toBe(false);
    const figures = status.structuredContent as {
      pid: number;
      memory: { rssBytes: number };
      host: { cpuCount: number };
    };
    expect(figures.pid).toBeGreaterThan(0);
    expect(figures.memory.rssBytes).toBeGreaterThan(0);
    expect(figures.host.cpuCount).toBeGreaterThan(0);
    const services = (status.structuredContent as { services: { service: string; pid?: number }[] }).services;
    for (const name of ['auth', 'cost-accounting']) {
      expect(services.find((entry) => entry.service === name)?.pid).toBeGreaterThan(0);
    }

    const sessionId = transport.sessionId;
    await transport.terminateSession();
    await client.close();
    const after = await fetch(`${gatewayUrl}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'x-api-key': apiKey, 'mcp-session-id': sessionId ?? '' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
  });

  it('serves an SDK client over the legacy HTTP+SSE transport', async () => {
    const { gatewayUrl, apiKey } = target();
    const { client } = await connectLegacySse(gatewayUrl, apiKey);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('ping');
    const pong = await client.callTool({ name: 'ping', arguments: { message: 'legacy' } });
    expect(pong.structuredContent).toMatchObject({ pong: true, message: 'legacy' });
    const status = await client.callTool({ name: 'get_system_status', arguments: {} });
    expect(status.isError).toBe(false);
    await client.close();
  });

  it('serves the HTTP facade, plain and as JSON-RPC', async () => {
    const { gatewayUrl, apiKey } = target();
    const headers = { 'content-type': 'application/json', 'x-api-key': apiKey };
    const listed = await fetch(`${gatewayUrl}/api/v1/tools/list`, { headers: { 'x-api-key': apiKey } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { tools: { name: string }[] }).tools.map((tool) => tool.name)).toContain('ping');

    const called = await fetch(`${gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'ping', arguments: { message: 'facade' } }),
    });
    expect(called.status).toBe(200);
    expect(await called.json()).toMatchObject({ isError: false, structuredContent: { pong: true, message: 'facade' } });

    const rpc = await fetch(`${gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${apiKey}`, 'x-api-key': '' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'get_system_status', arguments: {} },
      }),
    });
    const answer = (await rpc.json()) as {
      id: number;
      result: { isError: boolean; structuredContent: { pid: number } };
    };
    expect(answer.id).toBe(7);
    expect(answer.result.isError).toBe(false);
    expect(answer.result.structuredContent.pid).toBeGreaterThan(0);

    const rpcList = await fetch(`${gatewayUrl}/api/v1/tools/list`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 'a', method: 'tools/list' }),
    });
    expect(((await rpcList.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses requests without a key or with a wrong key with 401 and WWW-Authenticate', async () => {
    const { gatewayUrl } = target();
    const body = JSON.stringify({ name: 'ping', arguments: {} });
    const cases: [string, Record<string, string>][] = [
      ['missing_api_key', {}],
      ['invalid_api_key', { 'x-api-key': 'lfc_not-a-real-key' }],
      ['invalid_api_key', { 'x-api-key': `lfc_${'A'.repeat(43)}` }],
      ['invalid_api_key', { authorization: `Bearer lfc_${'B'.repeat(43)}` }],
    ];
    for (const [reason, headers] of cases) {
      const response = await fetch(`${gatewayUrl}/api/v1/tools/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="langflow-connect"/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(reason);
    }
    const mcp = await fetch(`${gatewayUrl}/mcp`, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(mcp.status).toBe(401);
    expect(((await mcp.json()) as { error: { code: number } }).error.code).toBe(-32001);
  });
}
