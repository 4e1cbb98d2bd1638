import { createKey } from '../support/admin-api';
import { McpReply, mcpRequest } from '../support/mcp-clients';
import { RunningSuite } from '../support/suite';

jest.setTimeout(120_000);

/** A POST of any body to /mcp: the status and the parsed answer (one message or a batch of them). */
async function post(gatewayUrl: string, key: string, body: unknown, sessionId?: string) {
  const response = await fetch(`${gatewayUrl}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-api-key': key,
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as McpReply | (McpReply & { id: number })[],
  };
}

const pings = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ jsonrpc: '2.0', id: index + 1, method: 'ping' }));

async function session(gatewayUrl: string, key: string, protocolVersion: string): Promise<string> {
  const initialized = await mcpRequest(gatewayUrl, key, {
    id: 0,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'batcher', version: '1' } },
  });
  expect(initialized.status).toBe(200);
  return initialized.sessionId!;
}

describe('JSON-RPC batches on /mcp', () => {
  let suite: RunningSuite;

  beforeAll(async () => {
    suite = await RunningSuite.start();
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('answers a batch of 20 on a 2025-03-26 session and counts each message: the next request is over the limit', async () => {
    // The initialize and the 20 messages use up the 21 requests of the minute.
    const { key } = await createKey(suite, { rateLimitPerMinute: 21, rateLimitPerHour: 1_000 });
    const sessionId = await session(suite.gatewayUrl, key, '2025-03-26');
    const batch = await post(suite.gatewayUrl, key, pings(20), sessionId);
    expect(batch.status).toBe(200);
    const answers = batch.body as (McpReply & { id: number })[];
    expect(answers.map((answer) => answer.id).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    expect(answers.every((answer) => answer.result !== undefined)).toBe(true);

    const next = await mcpRequest(suite.gatewayUrl, key, { id: 99, method: 'ping' }, sessionId);
    expect(next.status).toBe(429);
    expect(next.body?.error?.data?.reason).toBe('rate_limited');
  });

  it('answers the messages of a batch past the rate limit with rate_limited, and runs none of them', async () => {
    const { key } = await createKey(suite, { rateLimitPerMinute: 5, rateLimitPerHour: 1_000 });
    const sessionId = await session(suite.gatewayUrl, key, '2025-03-26');
    const batch = await post(suite.gatewayUrl, key, pings(10), sessionId);
    expect(batch.status).toBe(200);
    const answers = batch.body as (McpReply & { id: number })[];
    expect(answers).toHaveLength(10);
    expect(answers.filter((answer) => answer.result !== undefined)).toHaveLength(4);
    const refused = answers.filter((answer) => answer.error !== undefined);
    expect(refused).toHaveLength(6);
    for (const answer of refused) {
      expect(answer.error).toMatchObject({ code: -32000, data: { reason: 'rate_limited' } });
      expect(answer.error?.message).toContain('each message of a batch counted');
    }
  });

  it('refuses a batch over LFC_MCP_MAX_BATCH with -32600 naming the limit', async () => {
    const { key } = await createKey(suite, { rateLimitPerMinute: 1_000, rateLimitPerHour: 10_000 });
    const sessionId = await session(suite.gatewayUrl, key, '2025-03-26');
    const refused = await post(suite.gatewayUrl, key, pings(21), sessionId);
    expect(refused.status).toBe(400);
    const error = (refused.body as McpReply).error;
    expect(error?.code).toBe(-32600);
    expect(error?.message).toContain('at most 20 messages (LFC_MCP_MAX_BATCH)');
  });

  it.each(['2025-06-18', '2025-11-25'])(
    'refuses any batch on a %s session with -32600 naming the version',
    async (version) => {
      const { key } = await createKey(suite, { rateLimitPerMinute: 1_000, rateLimitPerHour: 10_000 });
      const sessionId = await session(suite.gatewayUrl, key, version);
      const refused = await post(suite.gatewayUrl, key, pings(2), sessionId);
      expect(refused.status).toBe(400);
      expect((refused.body as McpReply).error).toMatchObject({
        code: -32600,
        message: `Invalid Request: batches are not supported in protocol version ${version}`,
      });
      // One message still goes through.
      expect((await mcpRequest(suite.gatewayUrl, key, { id: 1, method: 'ping' }, sessionId)).status).toBe(200);
    },
  );

  it('refuses a batch sent without a session with -32600', async () => {
    const refused = await post(suite.gatewayUrl, suite.apiKey, pings(2));
    expect(refused.status).toBe(400);
    expect((refused.body as McpReply).error).toMatchObject({
      code: -32600,
      message: expect.stringContaining('2025-03-26'),
    });
  });
});
