import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createKey } from './support/admin-api';
import { connectStreamable, statelessRequest } from './support/mcp-clients';
import { metricValue } from './support/metrics';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

const DEPRECATIONS = 'io.langflow-connect/deprecations';

interface Result {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
}

interface Descriptor {
  name: string;
  inputSchema: { properties?: Record<string, unknown> };
}

/**
 * The requests the original LangFlow Connect server documented (its `mcp_server_http.py`: `GET /health`
 * with `tools_count`, `GET /tools/list`, `GET /tools/{tool_name}` and `POST /api/v1/tools/call`, with
 * `read_file` and `analyze_code` taking `file_path` and `list_files` taking `directory`), replayed
 * against the whole suite, each answered as its current equivalent is.
 */
describe('a client of the original LangFlow Connect server', () => {
  let suite: RunningSuite;
  let executor: string;
  let client: Client;

  const get = async (path: string, key?: string) => {
    const response = await fetch(`${suite.gatewayUrl}${path}`, { headers: key ? { 'x-api-key': key } : {} });
    return { response, body: (await response.json()) as Record<string, unknown> };
  };

  /** The original's `POST /api/v1/tools/call`, and the same call over MCP, in a session and stateless. */
  const transports: Record<
    'the facade' | 'an MCP session' | 'stateless MCP 2026-07-28',
    (name: string, args: Record<string, unknown>) => Promise<Result>
  > = {
    'the facade': async (name, args) => {
      const response = await fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
        body: JSON.stringify({ name, arguments: args }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Result;
    },
    'an MCP session': async (name, args) => (await client.callTool({ name, arguments: args })) as Result,
    'stateless MCP 2026-07-28': async (name, args) => {
      const answer = await statelessRequest(suite.gatewayUrl, suite.apiKey, {
        method: 'tools/call',
        params: { name, arguments: args },
      });
      expect(answer.status).toBe(200);
      return answer.body.result as unknown as Result;
    },
  };

  /** A result without the deprecation notice (a stateless answer's `_meta` also says who answered). */
  const withoutNotice = ({ _meta = {}, ...result }: Result) => {
    const { [DEPRECATIONS]: _notice, ...meta } = _meta;
    return { ...result, _meta: meta };
  };

  beforeAll(async () => {
    suite = await RunningSuite.start();
    executor = suite.backend('tool-executor').url;
    client = (await connectStreamable(suite.gatewayUrl, suite.apiKey)).client;
    for (const [path, content] of [
      ['src/app.py', 'def main():\n    if True:\n        return 1\n'],
      ['notes/todo.txt', 'ship it'],
    ]) {
      expect((await transports['an MCP session']('write_file', { path, content })).isError).toBe(false);
    }
  });

  afterAll(async () => {
    await client?.close();
    await suite?.stop();
  });

  it('GET /tools/list answers the catalog of /api/v1/tools/list, marked deprecated, and never offers the old names', async () => {
    const { response, body } = await get('/tools/list', suite.apiKey);
    expect(response.status).toBe(200);
    expect(body).toEqual((await get('/api/v1/tools/list', suite.apiKey)).body);
    expect(response.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(response.headers.get('link')).toBe('</api/v1/tools/list>; rel="successor-version"');
    const schemas = Object.fromEntries(
      (body.tools as Descriptor[]).map((tool) => [tool.name, Object.keys(tool.inputSchema.properties ?? {})]),
    );
    for (const [tool, alias] of [
      ['read_file', 'file_path'],
      ['analyze_code', 'file_path'],
      ['list_files', 'directory'],
    ] as const) {
      expect([tool, schemas[tool]]).toEqual([tool, expect.arrayContaining(['path'])]);
      expect([tool, schemas[tool]]).toEqual([tool, expect.not.arrayContaining([alias])]);
    }
    expect((await get('/tools/list')).response.status).toBe(401);
  });

  it('GET /tools/{name} answers a tool’s descriptor, and a tool outside the key’s scopes as one that does not exist', async () => {
    const listed = (await get('/tools/list', suite.apiKey)).body.tools as Descriptor[];
    const { response, body } = await get('/tools/read_file', suite.apiKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(body).toEqual(listed.find((tool) => tool.name === 'read_file'));

    const { key: readOnly } = await createKey(suite, { scopes: ['read_*'] });
    expect((await get('/tools/read_file', readOnly)).response.status).toBe(200);
    expect(((await get('/tools/list', readOnly)).body.tools as Descriptor[]).map((tool) => tool.name)).toEqual([
      'read_file',
    ]);
    const hidden = await get('/tools/write_file', readOnly);
    const missing = await get('/tools/no_such_tool', readOnly);
    expect([hidden.response.status, missing.response.status]).toEqual([404, 404]);
    expect([hidden.body.error, missing.body.error]).toEqual([
      expect.objectContaining({ code: 'unknown_tool', message: 'Unknown tool: write_file' }),
      expect.objectContaining({ code: 'unknown_tool', message: 'Unknown tool: no_such_tool' }),
    ]);
    expect((await get('/tools/read_file')).response.status).toBe(401);
  });

  it('GET /health answers tools_count without credentials, keeping the probes’ status', async () => {
    const { response, body } = await get('/health');
    expect(response.status).toBe(200);
    const catalog = (await get('/tools/list', suite.apiKey)).body.tools as Descriptor[];
    expect(body).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number), tools_count: catalog.length });
    expect(catalog.length).toBeGreaterThan(0);
  });

  describe.each(['the facade', 'an MCP session', 'stateless MCP 2026-07-28'] as const)(
    'tools/call through %s',
    (transport) => {
      it.each([
        ['read_file', 'file_path', 'notes/todo.txt'],
        ['analyze_code', 'file_path', 'src/app.py'],
        ['list_files', 'directory', 'src'],
      ])(
        'answers %s with %s as with path, from the same cache entry, says so in _meta and counts it',
        async (tool, alias, path) => {
          const call = transports[transport];
          const uses = () => metricValue(executor, 'lfc_deprecated_arguments_total', { tool, argument: alias });
          const hits = () => metricValue(executor, 'lfc_tool_cache_requests_total', { tool, result: 'hit' });
          const before = await uses();
          const current = await call(tool, { path });
          const hitsBefore = await hits();
          const original = await call(tool, { [alias]: path });
          // Served from the entry the call with path left: the cache key is the renamed arguments.
          expect(await hits()).toBe(hitsBefore + 1);
          expect(current.isError).toBe(false);
          expect(current._meta?.[DEPRECATIONS]).toBeUndefined();
          expect(withoutNotice(original)).toEqual(withoutNotice(current));
          expect(original._meta).toMatchObject({
            [DEPRECATIONS]: [
              {
                argument: alias,
                use: 'path',
                message: `${tool}: the argument ${alias} is deprecated; send path instead`,
              },
            ],
          });
          expect(await uses()).toBe(before + 1);
        },
      );

      it('refuses file_path and path together, naming both, without guessing', async () => {
        const refused = await transports[transport]('read_file', {
          file_path: 'notes/todo.txt',
          path: 'notes/other.txt',
        });
        expect(refused).toMatchObject({
          content: [
            {
              type: 'text',
              text: 'Invalid arguments for read_file: file_path is the deprecated name of path; send one, not both',
            },
          ],
          isError: true,
        });
        expect(refused._meta?.[DEPRECATIONS]).toBeUndefined();
      });
    },
  );
});
