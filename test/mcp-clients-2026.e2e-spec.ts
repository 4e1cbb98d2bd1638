import { Client, FetchLike, StreamableHTTPClientTransport, VersionNegotiationMode } from '@modelcontextprotocol/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKey } from './support/admin-api';
import { pipInstall, runCommand } from './support/commands';
import { ROOT } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(240_000);

/**
 * SDK 1.x over Streamable HTTP and over the legacy SSE transport is covered by the suite's
 * behaviour (test/support/suite-behaviour.ts, run by test/suite.e2e-spec.ts); this file adds the
 * clients that speak 2026-07-28 or negotiate it, and the Python SDK LangFlow is built on.
 */

/** The Python SDK test fails unless pip can install it; this variable (and only it) skips it. */
const SKIP_PYTHON = process.env.LFC_SKIP_PYTHON_CLIENT === '1';

/** The MCP Python SDK (`mcp`) into a fresh directory. */
async function installPythonSdk(target: string): Promise<string> {
  await pipInstall(target, ['mcp']);
  return target;
}

interface PythonRun {
  transport: string;
  sdk?: string;
  protocolVersion?: string;
  tools?: string[];
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  error?: string;
}

describe('real MCP clients through the gateway with an API key', () => {
  let suite: RunningSuite;
  let gateway: string;
  let key: string;
  /** Where pip installs the SDK (some 40 MB, removed afterwards). */
  const pythonTarget = mkdtempSync(join(tmpdir(), 'lfc-python-mcp-'));
  /** The installed SDK's directory, or why it could not be installed (reported by its test). */
  let pythonSdk: Promise<string>;

  beforeAll(async () => {
    // pip runs while the services start, off the tests' own path.
    pythonSdk = SKIP_PYTHON ? Promise.reject(new Error('skipped')) : installPythonSdk(pythonTarget);
    pythonSdk.catch(() => undefined);
    suite = await RunningSuite.start();
    gateway = suite.gatewayUrl;
    ({ key } = await createKey(suite, { rateLimitPerMinute: null, rateLimitPerHour: null }));
  });

  afterAll(async () => {
    await pythonSdk.catch(() => undefined);
    rmSync(pythonTarget, { recursive: true, force: true });
    await suite?.stop();
  });

  describe('the TypeScript SDK 2.x Client', () => {
    it.each<[string, VersionNegotiationMode, 'legacy' | 'modern', string]>([
      ['legacy', 'legacy', 'legacy', '2025-11-25'],
      ['auto', 'auto', 'modern', '2026-07-28'],
      ['pinned to 2026-07-28', { pin: '2026-07-28' }, 'modern', '2026-07-28'],
    ])('in %s mode connects, lists the tools and calls ping', async (name, mode, era, version) => {
      const sent: { method: string; session: boolean }[] = [];
      const recording: FetchLike = async (url, init) => {
        const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { method?: string }) : {};
        sent.push({
          method: body.method ?? init?.method ?? 'GET',
          session: new Headers(init?.headers).has('mcp-session-id'),
        });
        return fetch(url, init);
      };
      const transport = new StreamableHTTPClientTransport(new URL(`${gateway}/mcp`), {
        requestInit: { headers: { 'x-api-key': key } },
        fetch: recording,
      });
      const client = new Client({ name: 'lfc-e2e-sdk2', version: '1.0.0' }, { versionNegotiation: { mode } });
      try {
        await client.connect(transport);
        expect(client.getProtocolEra()).toBe(era);
        expect(client.getNegotiatedProtocolVersion()).toBe(version);

        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['ping', 'read_file']));
        const pong = await client.callTool({ name: 'ping', arguments: { message: `sdk2 ${name}` } });
        expect(pong).toMatchObject({ isError: false, structuredContent: { pong: true, message: `sdk2 ${name}` } });
      } finally {
        await client.close();
      }

      const methods = sent.map((request) => request.method);
      if (era === 'modern') {
        // The stateless revision: discover, then requests that stand alone, no handshake, no session.
        expect(methods[0]).toBe('server/discover');
        expect(methods).not.toContain('initialize');
        expect(sent.some((request) => request.session)).toBe(false);
      } else {
        expect(methods[0]).toBe('initialize');
        expect(methods).not.toContain('server/discover');
      }
    });
  });

  (SKIP_PYTHON ? it.skip : it)(
    'the Python SDK, as LangFlow uses it, over Streamable HTTP and over SSE lists the tools and calls ping',
    async () => {
      const sdk = await pythonSdk;
      const client = await runCommand('python3', [join(ROOT, 'test', 'clients', 'python_client.py'), gateway, key], {
        env: { PYTHONPATH: sdk, PYTHONDONTWRITEBYTECODE: '1' },
      });
      const runs = client.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as PythonRun);
      expect({ runs, code: client.code, stderr: client.code === 0 ? '' : client.stderr }).toMatchObject({
        code: 0,
        stderr: '',
      });
      expect(runs.map((result) => result.transport)).toEqual(['streamable-http', 'sse']);
      for (const result of runs) {
        expect(result.protocolVersion).toMatch(/^2025-/);
        expect(result.tools).toEqual(expect.arrayContaining(['ping', 'read_file']));
        expect(result.isError).toBe(false);
        expect(result.structuredContent).toMatchObject({ pong: true, message: `python ${result.transport}` });
      }
    },
  );
});
