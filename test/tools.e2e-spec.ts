import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createKey } from './support/admin-api';
import { connectStreamable } from './support/mcp-clients';
import { stopProcess } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text?: string }[] };

async function metricValue(url: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((row) => row.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => row.includes(`${key}="${value}"`)));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('the tools through the real gateway with an MCP client', () => {
  let suite: RunningSuite;
  let client: Client;
  let other: Client;
  const call = async (target: Client, name: string, args: Record<string, unknown>) => (await target.callTool({ name, arguments: args })) as Result;

  beforeAll(async () => {
    suite = await RunningSuite.start({ env: { LFC_FILE_INLINE_MAX_BYTES: '4096', LFC_CODE_ANALYSIS_TIMEOUT_MS: '150' } });
    client = (await connectStreamable(suite.gatewayUrl, suite.apiKey)).client;
    const otherUser = await fetch(`${suite.authUrl}/api/v1/auth/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
      body: JSON.stringify({ email: 'other@example.com', role: 'developer' }),
    });
    const { id } = (await otherUser.json()) as { id: string };
    const { key } = await createKey(suite, { userId: id });
    other = (await connectStreamable(suite.gatewayUrl, key)).client;
  });

  afterAll(async () => {
    await client?.close();
    await other?.close();
    await suite?.stop();
  });

  it('writes, lists, reads, appends, reads and deletes a file', async () => {
    expect((await call(client, 'write_file', { path: 'notes/a.txt', content: 'hello' })).isError).toBe(false);
    const listed = await call(client, 'list_files', { path: 'notes' });
    expect(JSON.stringify(listed.structuredContent)).toContain('a.txt');
    expect((await call(client, 'read_file', { path: 'notes/a.txt' })).structuredContent).toMatchObject({ content: 'hello' });
    expect((await call(client, 'append_file', { path: 'notes/a.txt', content: ' world' })).isError).toBe(false);
    expect((await call(client, 'read_file', { path: 'notes/a.txt' })).structuredContent).toMatchObject({ content: 'hello world' });
    expect((await call(client, 'stat_file', { path: 'notes/a.txt' })).structuredContent).toMatchObject({ size: 11 });
    expect((await call(client, 'delete_file', { path: 'notes/a.txt' })).isError).toBe(false);
    const gone = await call(client, 'read_file', { path: 'notes/a.txt' });
    expect(gone.isError).toBe(true);
  });

  it('refuses every tenant escape and keeps tenants apart', async () => {
    await call(other, 'write_file', { path: 'secret.txt', content: 'other tenant' });
    for (const path of ['../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt', '/etc/passwd', 'a\\..\\..\\b', 'x/\u0000/y', '../../tenants/x']) {
      const result = await call(client, 'read_file', { path });
      expect([path, result.isError]).toEqual([path, true]);
      expect(result.content[0]?.text).toMatch(/path/i);
    }
    const otherUserId = ((await call(other, 'stat_file', { path: 'secret.txt' })).structuredContent as { path: string }).path;
    expect(otherUserId).toBe('secret.txt');
    for (const path of ['tenants/user-x/secret.txt', 'secret.txt']) {
      expect((await call(client, 'read_file', { path })).isError).toBe(true);
    }
  });

  it('refuses a write over the limit and leaves the old file intact', async () => {
    await call(client, 'write_file', { path: 'keep.txt', content: 'original' });
    const refused = await call(client, 'write_file', { path: 'keep.txt', content: 'x'.repeat(5000) });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(/4096|limit|large/i);
    expect((await call(client, 'read_file', { path: 'keep.txt' })).structuredContent).toMatchObject({ content: 'original' });
  });

  it('uploads and downloads through presigned URLs', async () => {
    const upload = (await call(client, 'presign_upload', { path: 'up/data.json', content_type: 'application/json', size: 11 }))
      .structuredContent as { url: string; method: string; headers: Record<string, string> };
    const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: '{"ok":true}' });
    expect(put.status).toBeLessThan(300);
    const download = (await call(client, 'presign_download', { path: 'up/data.json' })).structuredContent as { url: string };
    expect(await (await fetch(download.url)).text()).toBe('{"ok":true}');
  });

  it('serves a repeated read from the cache without touching storage, and a write drops it', async () => {
    const executor = suite.backend('tool-executor').url;
    await call(client, 'write_file', { path: 'cached.txt', content: 'v1' });
    await call(client, 'read_file', { path: 'cached.txt' });
    const hits = await metricValue(executor, 'lfc_tool_cache_requests_total', { tool: 'read_file', result: 'hit' });
    const reads = await metricValue(executor, 'lfc_blob_operations_total', { operation: 'get' });
    expect((await call(client, 'read_file', { path: 'cached.txt' })).structuredContent).toMatchObject({ content: 'v1' });
    expect(await metricValue(executor, 'lfc_tool_cache_requests_total', { tool: 'read_file', result: 'hit' })).toBe(hits + 1);
    expect(await metricValue(executor, 'lfc_blob_operations_total', { operation: 'get' })).toBe(reads);
    // The other tenant asking for the same path is not served this tenant's entry.
    expect((await call(other, 'read_file', { path: 'cached.txt' })).isError).toBe(true);

    await call(client, 'write_file', { path: 'cached.txt', content: 'v2' });
    expect(await metricValue(executor, 'lfc_tool_cache_invalidations_total', { tool: 'write_file' })).toBeGreaterThan(0);
    expect((await call(client, 'read_file', { path: 'cached.txt' })).structuredContent).toMatchObject({ content: 'v2' });
  });

  it('analyses code and refuses bad arguments of every tool, naming the field', async () => {
    const analysed = await call(client, 'analyze_code', { content: 'function f(a) {\n  // TODO: more\n  return a ? 1 : 2;\n}\n', filename: 'f.js' });
    expect(analysed.structuredContent).toMatchObject({ language: 'javascript' });
    const cases: [string, Record<string, unknown>][] = [
      ['ping', { message: 42 }],
      ['ping', { message: 'x'.repeat(2000) }],
      ['get_system_status', { verbose: true }],
      ['get_system_status', { '': 1 }],
      ['get_system_health', { deep: 1 }],
      ['get_system_health', { service: 'auth' }],
      ['read_file', {}],
      ['read_file', { path: 'a', encoding: 'latin1' }],
      ['write_file', { path: 'a' }],
      ['write_file', { path: 'a', content: 'x', encoding: 'rot13' }],
      ['append_file', { content: 'x' }],
      ['append_file', { path: 42, content: 'x' }],
      ['list_files', { path: 42 }],
      ['list_files', { limit: -1 }],
      ['stream_files', {}],
      ['stream_files', { path: 'a', chunkSize: 'big' }],
      ['delete_file', {}],
      ['delete_file', { path: ['a'] }],
      ['stat_file', {}],
      ['stat_file', { path: null }],
      ['presign_upload', { path: 'a' }],
      ['presign_upload', { path: 'a', content_type: 'text/plain', size: -5 }],
      ['presign_download', {}],
      ['presign_download', { path: 'a', expires_in_seconds: 10_000_000 }],
      ['analyze_code', {}],
      ['analyze_code', { path: 'a.ts', content: 'x' }],
    ];
    for (const [name, args] of cases) {
      const result = await call(client, name, args);
      expect([name, args, result.isError]).toEqual([name, args, true]);
      expect(result.content[0]?.text?.length).toBeGreaterThan(10);
    }
  });

  it('stops an analysis that runs too long without holding up other calls', async () => {
    // The first MiB of the TypeScript compiler takes far longer to parse than this suite's 150 ms limit.
    const compiler = readFileSync(require.resolve('typescript/lib/typescript.js'), 'utf8').slice(0, 1_000_000);
    const slow = call(client, 'analyze_code', { content: compiler, filename: 'typescript.js' });
    const started = Date.now();
    const pong = await call(client, 'ping', { message: 'still here' });
    expect(pong.structuredContent).toMatchObject({ message: 'still here' });
    expect(Date.now() - started).toBeLessThan(2000);
    const result = await slow;
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/did not finish/);
  });

  it('relays the progress of stream_files to the MCP client', async () => {
    // Larger than this suite's 4 KiB inline limit, so it arrives through a presigned upload.
    const upload = (await call(client, 'presign_upload', { path: 'big.txt', content_type: 'text/plain', size: 8000 }))
      .structuredContent as { url: string; headers: Record<string, string> };
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'abcdefgh'.repeat(1000) })).status).toBeLessThan(300);
    const reports: { progress: number; total?: number }[] = [];
    const result = (await client.callTool({ name: 'stream_files', arguments: { path: 'big.txt', chunk_size: 1024 } }, undefined, {
      onprogress: (progress) => reports.push(progress),
    })) as Result;
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ bytesRead: 4096, complete: false, nextOffset: 4096 });
    expect(reports.length).toBe(4);
    expect(reports.at(-1)).toMatchObject({ progress: 4096, total: 4096 });
    expect(reports.map((report) => report.progress)).toEqual([...reports.map((report) => report.progress)].sort((a, b) => a - b));
  });

  it('reports a stopped dependency as unhealthy within its timeout, without hanging', async () => {
    const healthy = (await call(client, 'get_system_health', {})).structuredContent as { status: string; checks: { name: string; status: string }[] };
    expect(healthy.status).toBe('healthy');
    expect(healthy.checks.map((check) => check.name)).toEqual(expect.arrayContaining(['auth', 'cost-accounting', 'auth/database', 'redis']));

    await stopProcess(suite.backend('cost-accounting').child);
    const started = Date.now();
    const degraded = (await call(client, 'get_system_health', {})).structuredContent as { status: string; checks: { name: string; status: string }[] };
    expect(Date.now() - started).toBeLessThan(5000);
    expect(degraded.status).toBe('unhealthy');
    expect(degraded.checks.find((check) => check.name === 'cost-accounting')?.status).toBe('unhealthy');
    expect(degraded.checks.find((check) => check.name === 'auth')?.status).toBe('healthy');
  });
});
