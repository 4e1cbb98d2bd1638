import { connectLegacySse, connectStreamable } from './support/mcp-clients';
import { RunningSuite } from './support/suite';

jest.setTimeout(90_000);

describe('MCP sessions across gateway replicas sharing one Redis', () => {
  let suite: RunningSuite;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gateways: 2 });
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const gateway = (index: number) => {
    const found = suite.gateways[index];
    if (!found) throw new Error(`no gateway ${index}`);
    return found.url;
  };

  it('serves one Streamable HTTP session from either gateway', async () => {
    const first = await connectStreamable(gateway(0), suite.apiKey);
    const sessionId = first.transport.sessionId;
    expect(sessionId).toBeDefined();

    const second = await connectStreamable(gateway(1), suite.apiKey, sessionId);
    const pong = await second.client.callTool({ name: 'ping', arguments: { message: 'from gateway 1' } });
    expect(pong.structuredContent).toMatchObject({ pong: true, message: 'from gateway 1' });
    const fromFirst = await first.client.callTool({ name: 'ping', arguments: { message: 'from gateway 0' } });
    expect(fromFirst.structuredContent).toMatchObject({ message: 'from gateway 0' });

    // Ending the session on gateway 1 ends it for gateway 0 too.
    await second.transport.terminateSession();
    const afterEnd = await fetch(`${gateway(0)}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': suite.apiKey,
        'mcp-session-id': sessionId ?? '',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(afterEnd.status).toBe(404);
    await first.client.close();
    await second.client.close();
  });

  it('keeps serving, after a restart, a session the restarted gateway never created', async () => {
    const created = await connectStreamable(gateway(1), suite.apiKey);
    const sessionId = created.transport.sessionId;
    await suite.restartGateway(0);

    const resumed = await connectStreamable(gateway(0), suite.apiKey, sessionId);
    const { tools } = await resumed.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('ping');
    const status = await resumed.client.callTool({ name: 'get_system_status', arguments: {} });
    expect(status.isError).toBe(false);
    await resumed.transport.terminateSession();
    await resumed.client.close();
    await created.client.close();
  });

  it('answers legacy SSE messages posted to another gateway on the stream held by the first', async () => {
    const { client } = await connectLegacySse(gateway(0), suite.apiKey, gateway(1));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('ping');
    const pong = await client.callTool({ name: 'ping', arguments: { message: 'crossed' } });
    expect(pong.structuredContent).toMatchObject({ pong: true, message: 'crossed' });
    await client.close();
  });

  it('does not let another user use a session', async () => {
    const { transport, client } = await connectStreamable(gateway(0), suite.apiKey);
    const response = await fetch(`${gateway(1)}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': `lfc_${'C'.repeat(43)}`,
        'mcp-session-id': transport.sessionId ?? '',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    await client.close();
  });
});
