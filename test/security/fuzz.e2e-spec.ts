import fc from 'fast-check';
import { createKey } from '../support/admin-api';
import { RunningSuite } from '../support/suite';
import { JsonSchema, mutatedArguments } from './support/schema-arbitrary';

/** 300 runs per property by default; `LFC_FUZZ_RUNS=100000 npx jest test/security/fuzz` for a long manual run. */
const RUNS = Number(process.env.LFC_FUZZ_RUNS ?? 300);
jest.setTimeout(Math.max(300_000, RUNS * 200));

interface CatalogTool {
  name: string;
  inputSchema: JsonSchema;
}

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const METHODS = [
  'tools/call',
  'tools/list',
  'ping',
  'initialize',
  'notifications/initialized',
  'notifications/cancelled',
  'resources/list',
  'prompts/list',
  'logging/setLevel',
  'completion/complete',
  'nope',
  '',
];

/** JSON-RPC envelopes: well-formed ones and every way an envelope can be wrong. */
const rpcId = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.object({ maxDepth: 1 }),
  fc.double(),
);
const envelope = (params: fc.Arbitrary<unknown>) =>
  fc.record(
    {
      jsonrpc: fc.oneof({ weight: 5, arbitrary: fc.constant('2.0') }, fc.constantFrom('1.0', 2, null, '')),
      id: rpcId,
      method: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...METHODS) }, fc.string({ maxLength: 300 })),
      params,
    },
    { requiredKeys: [] },
  );

describe('the gateway under generated and mutated MCP traffic', () => {
  let suite: RunningSuite;
  let key: string;
  let tools: CatalogTool[];
  let sessionId: string;

  beforeAll(async () => {
    suite = await RunningSuite.start();
    key = (await createKey(suite, { rateLimitPerMinute: null, rateLimitPerHour: null })).key;
    const listed = await fetch(`${suite.gatewayUrl}/api/v1/tools/list`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: '{}',
    });
    tools = ((await listed.json()) as { tools: CatalogTool[] }).tools;
    const initialize = await fetch(`${suite.gatewayUrl}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'x-api-key': key },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
      }),
    });
    sessionId = initialize.headers.get('mcp-session-id') ?? '';
  });

  afterAll(async () => {
    await suite?.stop();
  });

  /** Whatever was sent, every service is still up and answering. */
  async function allServicesAlive(): Promise<void> {
    for (const service of [...suite.backends, ...suite.gateways]) {
      expect({ service: service.name, exitCode: service.child.exitCode }).toEqual({
        service: service.name,
        exitCode: null,
      });
      expect((await fetch(`${service.url}/health`)).status).toBe(200);
    }
  }

  it('finds tools to fuzz in the catalog', () => {
    expect(tools.length).toBeGreaterThan(10);
    expect(sessionId).not.toBe('');
  });

  it('answers generated and mutated tool calls on /mcp and the facade without a 5xx', async () => {
    const call = fc
      .constantFrom(...tools)
      .chain((tool) => fc.record({ tool: fc.constant(tool.name), arguments: mutatedArguments(tool.inputSchema) }));
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(call, fc.boolean(), async ({ tool, arguments: args }, viaFacade) => {
        const response = viaFacade
          ? await fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-api-key': key },
              body: JSON.stringify({ name: tool, arguments: args }),
            })
          : await fetch(`${suite.gatewayUrl}/mcp`, {
              method: 'POST',
              headers: { ...MCP_HEADERS, 'x-api-key': key, 'mcp-session-id': sessionId },
              body: JSON.stringify({
                jsonrpc: '2.0',
                id: 1,
                method: 'tools/call',
                params: { name: tool, arguments: args },
              }),
            });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    // The generator reached the tools, not only the envelope checks.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 4);
    await allServicesAlive();
  });

  it('answers generated and mutated JSON-RPC envelopes, batches and raw bodies without a 5xx', async () => {
    const params = fc.oneof(
      fc.constant(undefined),
      fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown),
      fc
        .constantFrom(...tools)
        .chain((tool) => mutatedArguments(tool.inputSchema).map((args) => ({ name: tool.name, arguments: args }))),
      fc.record({ name: fc.string({ maxLength: 200 }), arguments: fc.object({ maxDepth: 2 }) }),
      fc.record({
        protocolVersion: fc.constantFrom('2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '1999-01-01', ''),
        capabilities: fc.object({ maxDepth: 1 }),
        clientInfo: fc.object({ maxDepth: 1 }),
      }),
    );
    const body = fc.oneof(
      { weight: 4, arbitrary: envelope(params).map((message) => JSON.stringify(message)) },
      fc.array(envelope(params), { maxLength: 30 }).map((batch) => JSON.stringify(batch)),
      fc.string({ maxLength: 500 }),
      fc.constantFrom(
        '',
        'null',
        '[]',
        '{}',
        '[[]]',
        '"x"',
        '1e400',
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ping","arguments":{"a":' +
          '['.repeat(5000) +
          ']'.repeat(5000) +
          '}}}',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.boolean(),
        fc.constantFrom('2025-11-25', '2025-06-18', '2025-03-26', 'garbage', undefined),
        async (text, withSession, version) => {
          const headers: Record<string, string> = { ...MCP_HEADERS, 'x-api-key': key };
          if (withSession) headers['mcp-session-id'] = sessionId;
          if (version) headers['mcp-protocol-version'] = version;
          const response = await fetch(`${suite.gatewayUrl}/mcp`, { method: 'POST', headers, body: text });
          await response.arrayBuffer();
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
    await allServicesAlive();
  });
});
