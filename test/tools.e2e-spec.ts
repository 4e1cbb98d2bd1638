import { tenantOf } from '@lfc/identity';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createKey } from './support/admin-api';
import { connectStreamable } from './support/mcp-clients';
import { metricValue } from './support/metrics';
import { RunningS3, startS3rver } from './support/s3';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

type Result = {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text?: string }[];
};

const call = async (target: Client, name: string, args: Record<string, unknown>) =>
  (await target.callTool({ name, arguments: args })) as Result;
const textOf = (result: Result) => result.content[0]?.text ?? '';

/**
 * The file tools' acceptance set runs once per storage driver: the executor on its local folder,
 * then on S3 (an s3rver this test starts; it does not check signatures, so what presigned URLs pin
 * on S3 is proven by s3.blob-store.spec.ts, and enforced end to end here only by the local driver).
 */
describe.each(['local', 's3'] as const)(
  'the tools through the real gateway with an MCP client (%s storage)',
  (driver) => {
    let s3: RunningS3 | undefined;
    let suite: RunningSuite;
    let client: Client;
    let other: Client;
    let otherTenant: string;
    let executor: string;
    const cacheCount = (tool: string, result: string) =>
      metricValue(executor, 'lfc_tool_cache_requests_total', { tool, result });
    const blobCount = (operation: string) => metricValue(executor, 'lfc_blob_operations_total', { operation });

    beforeAll(async () => {
      s3 = driver === 's3' ? await startS3rver() : undefined;
      suite = await RunningSuite.start({
        // Far more calls than the bootstrap key's default 100 a minute.
        env: {
          LFC_FILE_INLINE_MAX_BYTES: '4096',
          LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: 'unlimited',
          LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: 'unlimited',
        },
        serviceEnv: {
          'tool-executor': {
            ...s3?.env,
            LFC_TOOL_CACHE_MAX_BYTES: '2048',
            LFC_TOOL_CACHE_TTL_SECONDS: '300,stat_file=0',
          },
        },
      });
      executor = suite.backend('tool-executor').url;
      client = (await connectStreamable(suite.gatewayUrl, suite.apiKey)).client;
      const otherUser = await fetch(`${suite.authUrl}/api/v1/auth/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
        body: JSON.stringify({ email: 'other@example.com', role: 'developer' }),
      });
      const { id } = (await otherUser.json()) as { id: string };
      otherTenant = tenantOf(id);
      const { key } = await createKey(suite, { userId: id });
      other = (await connectStreamable(suite.gatewayUrl, key)).client;
    });

    afterAll(async () => {
      await client?.close();
      await other?.close();
      await suite?.stop();
      await s3?.stop();
    });

    it('stores files on the driver under test', async () => {
      const health = (await call(client, 'get_system_health', {})).structuredContent as {
        checks: { name: string; status: string }[];
      };
      expect(health.checks).toContainEqual(
        expect.objectContaining({ name: `blob-store (${driver})`, status: 'healthy' }),
      );
    });

    it('writes, lists, reads, appends, reads and deletes a file', async () => {
      expect((await call(client, 'write_file', { path: 'notes/a.txt', content: 'hello' })).isError).toBe(false);
      const listed = await call(client, 'list_files', { path: 'notes' });
      expect(listed.structuredContent).toMatchObject({
        files: [expect.objectContaining({ path: 'notes/a.txt', size: 5 })],
      });
      expect((await call(client, 'read_file', { path: 'notes/a.txt' })).structuredContent).toMatchObject({
        content: 'hello',
      });
      expect((await call(client, 'append_file', { path: 'notes/a.txt', content: ' world' })).isError).toBe(false);
      expect((await call(client, 'read_file', { path: 'notes/a.txt' })).structuredContent).toMatchObject({
        content: 'hello world',
      });
      expect((await call(client, 'stat_file', { path: 'notes/a.txt' })).structuredContent).toMatchObject({
        size: 11,
        exists: true,
      });
      expect((await call(client, 'delete_file', { path: 'notes/a.txt' })).structuredContent).toMatchObject({
        deleted: true,
      });
      const gone = await call(client, 'read_file', { path: 'notes/a.txt' });
      expect(gone.isError).toBe(true);
      expect((await call(client, 'list_files', { path: 'notes' })).structuredContent).toMatchObject({ files: [] });
    });

    it('refuses every tenant escape, including the other tenant’s real prefix, and keeps tenants apart', async () => {
      await call(other, 'write_file', { path: 'secret.txt', content: 'other tenant' });
      const escapes = [
        '../secret.txt',
        '%2e%2e/secret.txt',
        '..%2fsecret.txt',
        '/etc/passwd',
        `/tenants/${otherTenant}/secret.txt`,
        `../${otherTenant}/secret.txt`,
        `../../tenants/${otherTenant}/secret.txt`,
        `%2e%2e/${otherTenant}/secret.txt`,
        'a\\..\\..\\b',
        'x/\u0000/y',
      ];
      for (const path of escapes) {
        for (const [tool, args] of [
          ['read_file', { path }],
          ['write_file', { path, content: 'overwritten' }],
          ['delete_file', { path }],
          ['stat_file', { path }],
          ['list_files', { path }],
        ] as const) {
          const result = await call(client, tool, args);
          expect([tool, path, result.isError]).toEqual([tool, path, true]);
          expect(textOf(result)).toMatch(/path/i);
        }
      }
      // Named inside this tenant's space, the other tenant's real prefix is just a folder of ours.
      const theirs = `tenants/${otherTenant}/secret.txt`;
      expect((await call(client, 'read_file', { path: theirs })).isError).toBe(true);
      expect((await call(client, 'presign_download', { path: theirs })).isError).toBe(true);
      expect((await call(client, 'write_file', { path: theirs, content: 'mine' })).isError).toBe(false);
      expect((await call(client, 'delete_file', { path: 'secret.txt' })).structuredContent).toMatchObject({
        deleted: false,
      });
      expect((await call(other, 'read_file', { path: 'secret.txt' })).structuredContent).toMatchObject({
        content: 'other tenant',
      });
      expect((await call(client, 'read_file', { path: theirs })).structuredContent).toMatchObject({ content: 'mine' });
      expect((await call(other, 'list_files', { recursive: true })).structuredContent).toMatchObject({
        files: [expect.objectContaining({ path: 'secret.txt' })],
      });
    });

    it('refuses a write over the limit or of a refused type and leaves the old file intact', async () => {
      await call(client, 'write_file', { path: 'keep.txt', content: 'original' });
      const tooLarge = await call(client, 'write_file', { path: 'keep.txt', content: 'x'.repeat(5000) });
      expect(tooLarge.isError).toBe(true);
      expect(textOf(tooLarge)).toMatch(/content is 5000 bytes; at most 4096/);
      const refusedType = await call(client, 'write_file', {
        path: 'keep.txt',
        content: 'MZ',
        content_type: 'application/x-msdownload',
      });
      expect(refusedType.isError).toBe(true);
      expect(textOf(refusedType)).toMatch(/content_type application\/x-msdownload is not allowed/);
      const appendTooLarge = await call(client, 'append_file', { path: 'keep.txt', content: 'y'.repeat(5000) });
      expect(appendTooLarge.isError).toBe(true);
      expect((await call(client, 'read_file', { path: 'keep.txt' })).structuredContent).toMatchObject({
        content: 'original',
        size: 8,
      });
    });

    it('uploads and downloads through presigned URLs with fetch', async () => {
      const upload = (
        await call(client, 'presign_upload', { path: 'up/data.json', content_type: 'application/json', size: 11 })
      ).structuredContent as { url: string; method: string; headers: Record<string, string> };
      expect(new URL(upload.url).host).toBe(
        new URL(driver === 's3' ? (s3?.env.LFC_S3_ENDPOINT as string) : executor).host,
      );
      const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: '{"ok":true}' });
      expect(put.status).toBeLessThan(300);
      expect((await call(client, 'stat_file', { path: 'up/data.json' })).structuredContent).toMatchObject({
        size: 11,
        contentType: 'application/json',
      });
      const download = (await call(client, 'presign_download', { path: 'up/data.json' })).structuredContent as {
        url: string;
      };
      const got = await fetch(download.url);
      expect(got.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(await got.text()).toBe('{"ok":true}');
    });

    it('serves a repeated read from the cache without touching storage, and a write drops it', async () => {
      await call(client, 'write_file', { path: 'cached.txt', content: 'v1' });
      const [misses, hits, stats, gets] = [
        await cacheCount('read_file', 'miss'),
        await cacheCount('read_file', 'hit'),
        await blobCount('stat'),
        await blobCount('get'),
      ];
      expect((await call(client, 'read_file', { path: 'cached.txt' })).structuredContent).toMatchObject({
        content: 'v1',
      });
      expect([await cacheCount('read_file', 'miss'), await cacheCount('read_file', 'hit')]).toEqual([misses + 1, hits]);
      expect([await blobCount('stat'), await blobCount('get')]).toEqual([stats + 1, gets + 1]);

      expect((await call(client, 'read_file', { path: 'cached.txt' })).structuredContent).toMatchObject({
        content: 'v1',
      });
      expect([await cacheCount('read_file', 'miss'), await cacheCount('read_file', 'hit')]).toEqual([
        misses + 1,
        hits + 1,
      ]);
      expect([await blobCount('stat'), await blobCount('get')]).toEqual([stats + 1, gets + 1]);
      // The other tenant asking for the same path is not served this tenant's entry.
      expect((await call(other, 'read_file', { path: 'cached.txt' })).isError).toBe(true);

      const invalidations = await metricValue(executor, 'lfc_tool_cache_invalidations_total', { tool: 'write_file' });
      await call(client, 'write_file', { path: 'cached.txt', content: 'v2' });
      expect(await metricValue(executor, 'lfc_tool_cache_invalidations_total', { tool: 'write_file' })).toBe(
        invalidations + 1,
      );
      expect((await call(client, 'read_file', { path: 'cached.txt' })).structuredContent).toMatchObject({
        content: 'v2',
      });
      expect(await cacheCount('read_file', 'miss')).toBe(misses + 3);
    });

    it('never serves a read or a listing cached before a presigned upload arrived', async () => {
      await call(client, 'write_file', { path: 'uploads/report.txt', content: 'v1' });
      const listNames = async () =>
        (
          (await call(client, 'list_files', { path: 'uploads' })).structuredContent as { files: { name: string }[] }
        ).files.map((file) => file.name);
      const read = async () =>
        ((await call(client, 'read_file', { path: 'uploads/report.txt' })).structuredContent as { content: string })
          .content;
      const [readHits, listHits] = [await cacheCount('read_file', 'hit'), await cacheCount('list_files', 'hit')];
      expect([await read(), await read(), await listNames(), await listNames()]).toEqual([
        'v1',
        'v1',
        ['report.txt'],
        ['report.txt'],
      ]);
      // Each second call is a hit: there are entries for the upload below to make stale.
      expect([await cacheCount('read_file', 'hit'), await cacheCount('list_files', 'hit')]).toEqual([
        readHits + 1,
        listHits + 1,
      ]);

      const presign = async (path: string, size: number) =>
        (await call(client, 'presign_upload', { path, content_type: 'text/plain', size })).structuredContent as {
          url: string;
          headers: Record<string, string>;
        };
      const replace = await presign('uploads/report.txt', 2);
      const fresh = await presign('uploads/new.txt', 3);
      const held = await metricValue(executor, 'lfc_tool_cache_skips_total', {
        tool: 'read_file',
        reason: 'upload_pending',
      });
      // Read between handing out the URL and the upload: served, but not kept.
      expect([await read(), await listNames()]).toEqual(['v1', ['report.txt']]);
      expect(
        await metricValue(executor, 'lfc_tool_cache_skips_total', { tool: 'read_file', reason: 'upload_pending' }),
      ).toBe(held + 1);

      expect((await fetch(replace.url, { method: 'PUT', headers: replace.headers, body: 'v2' })).status).toBeLessThan(
        300,
      );
      expect((await fetch(fresh.url, { method: 'PUT', headers: fresh.headers, body: 'new' })).status).toBeLessThan(300);
      expect([await read(), await listNames()]).toEqual(['v2', ['new.txt', 'report.txt']]);
    });

    if (driver === 'local') describeLocalOnly();

    /** What does not depend on the storage driver runs once, against the local one. */
    function describeLocalOnly(): void {
      it('does not cache answers above the size cap, stream_files, a tool set to 0, or the cost tools', async () => {
        await call(client, 'write_file', { path: 'large.txt', content: 'z'.repeat(3000) });
        const tooLarge = await metricValue(executor, 'lfc_tool_cache_skips_total', {
          tool: 'read_file',
          reason: 'too_large',
        });
        const hits = await cacheCount('read_file', 'hit');
        await call(client, 'read_file', { path: 'large.txt' });
        await call(client, 'read_file', { path: 'large.txt' });
        expect(
          await metricValue(executor, 'lfc_tool_cache_skips_total', { tool: 'read_file', reason: 'too_large' }),
        ).toBe(tooLarge + 2);
        expect(await cacheCount('read_file', 'hit')).toBe(hits);

        // Every call of stream_files streams, so every call reports its progress.
        for (let attempt = 0; attempt < 2; attempt++) {
          const reports: number[] = [];
          await client.callTool(
            { name: 'stream_files', arguments: { path: 'large.txt', chunk_size: 1024 } },
            undefined,
            { onprogress: ({ progress }) => reports.push(progress) },
          );
          expect(reports).toEqual([1024, 2048, 3000]);
        }
        // LFC_TOOL_CACHE_TTL_SECONDS=300,stat_file=0 in this suite.
        const stats = await blobCount('stat');
        await call(client, 'stat_file', { path: 'large.txt' });
        await call(client, 'stat_file', { path: 'large.txt' });
        expect(await blobCount('stat')).toBe(stats + 2);

        // Usage is recorded and prices are edited in cost-accounting: every answer is asked for afresh.
        const summary = async () =>
          (
            (await call(client, 'get_cost_summary', { period: 'last_hour' })).structuredContent as {
              totals: { records: number };
            }
          ).totals.records;
        const before = await summary();
        await call(client, 'track_token_usage', {
          operation_id: 'cache-check-1',
          model: 'gpt-4o',
          input_tokens: 10,
          output_tokens: 5,
        });
        expect(await summary()).toBe(before + 1);
        for (const [tool, args] of [
          ['list_model_prices', { provider: 'openai' }],
          ['estimate_cost', { model: 'gpt-4o', input_tokens: 1000 }],
        ] as const) {
          expect((await call(client, tool, args)).isError).toBe(false);
          expect((await call(client, tool, args)).isError).toBe(false);
        }
        for (const tool of ['stream_files', 'stat_file', 'get_cost_summary', 'list_model_prices', 'estimate_cost']) {
          expect([tool, await metricValue(executor, 'lfc_tool_cache_requests_total', { tool })]).toEqual([tool, 0]);
        }
      });

      it('analyses a stored file: language, line counts, functions with complexity, TODO findings', async () => {
        const source = [
          'import os',
          '',
          '# Helpers for reports.',
          'def pick(rows, wanted):',
          '    """Rows whose kind is wanted."""',
          '    out = []',
          '    for row in rows:',
          '        if row.kind == wanted and row.ok:',
          '            out.append(row)',
          '    # TODO: stream instead of building a list',
          '    return out',
          '',
          '',
          'class Report:',
          '    def total(self, rows):',
          '        return sum(r.n for r in rows) if rows else 0',
          '',
        ].join('\n');
        await call(client, 'write_file', { path: 'src/report.py', content: source });
        const analysed = await call(client, 'analyze_code', { path: 'src/report.py' });
        expect(analysed.structuredContent).toMatchObject({
          path: 'src/report.py',
          language: 'python',
          detectedBy: 'extension',
          analyzer: 'tree-sitter',
          lines: { total: 16, code: 10, comment: 3, blank: 3 },
          // 1 + for + if + and; 1 + the generator's for + the conditional expression.
          functions: [
            { name: 'pick', kind: 'function', line: 4, endLine: 11, complexity: 4 },
            { name: 'total', kind: 'method', parent: 'Report', line: 15, endLine: 16, complexity: 3 },
          ],
          classes: [{ name: 'Report', methods: ['total'] }],
          maxComplexity: 4,
          findings: [{ kind: 'TODO', line: 10, text: 'TODO: stream instead of building a list' }],
        });

        await call(client, 'write_file', {
          path: 'src/f.ts',
          content: 'export function f(a: number): number {\n  // FIXME: negative input\n  return a > 0 ? 1 : 2;\n}\n',
        });
        expect((await call(client, 'analyze_code', { path: 'src/f.ts' })).structuredContent).toMatchObject({
          language: 'typescript',
          analyzer: 'typescript-compiler',
          lines: { total: 4, code: 3, comment: 1, blank: 0 },
          functions: [{ name: 'f', complexity: 2 }],
          findings: [{ kind: 'FIXME', line: 2 }],
        });
        // A write drops the cached analysis of the file.
        await call(client, 'write_file', { path: 'src/f.ts', content: 'export const g = () => 1;\n' });
        expect((await call(client, 'analyze_code', { path: 'src/f.ts' })).structuredContent).toMatchObject({
          functions: [{ name: 'g', complexity: 1 }],
          findings: [],
        });
        expect((await call(client, 'analyze_code', { path: 'src/missing.py' })).isError).toBe(true);
      });

      it('refuses bad arguments of every tool with a tool error naming the field', async () => {
        const cases: [tool: string, args: Record<string, unknown>, field: string][] = [
          ['ping', { message: 42 }, 'message'],
          ['ping', { message: 'x'.repeat(2000) }, 'message'],
          ['ping', { msg: 'hi' }, 'msg'],
          ['get_system_status', { verbose: true }, 'verbose'],
          ['get_system_status', { service: 'auth' }, 'service'],
          ['get_system_health', { deep: 1 }, 'deep'],
          ['get_system_health', { timeout_ms: 10 }, 'timeout_ms'],
          ['read_file', {}, 'path'],
          ['read_file', { path: 'a', encoding: 'latin1' }, 'encoding'],
          ['read_file', { path: 'a', range: { start: 5, end: 1 } }, 'range.end'],
          ['read_file', { path: 'a', range: { from: 1, start: 0 } }, 'from'],
          ['write_file', { path: 'a' }, 'content'],
          ['write_file', { path: 'a', content: 'x', encoding: 'rot13' }, 'encoding'],
          ['write_file', { path: 'a', contents: 'x', content: 'x' }, 'contents'],
          ['append_file', { content: 'x' }, 'path'],
          ['append_file', { path: 42, content: 'x' }, 'path'],
          ['list_files', { path: 42 }, 'path'],
          ['list_files', { limit: -1 }, 'limit'],
          ['list_files', { recurse: true }, 'recurse'],
          ['stream_files', {}, 'path'],
          ['stream_files', { path: 'a', chunkSize: 'big' }, 'chunkSize'],
          ['stream_files', { path: 'a', chunk_size: 10 }, 'chunk_size'],
          ['delete_file', {}, 'path'],
          ['delete_file', { path: ['a'] }, 'path'],
          ['stat_file', {}, 'path'],
          ['stat_file', { path: null }, 'path'],
          ['presign_upload', { path: 'a', size: 5 }, 'content_type'],
          ['presign_upload', { path: 'a', content_type: 'text/plain', size: -5 }, 'size'],
          [
            'presign_upload',
            { path: 'a', contentType: 'text/plain', content_type: 'text/plain', size: 5 },
            'contentType',
          ],
          ['presign_download', {}, 'path'],
          ['presign_download', { path: 'a', expires_in_seconds: 10_000_000 }, 'expires_in_seconds'],
          ['analyze_code', {}, 'path'],
          ['analyze_code', { path: 'a.ts', content: 'x' }, 'content'],
          ['analyze_code', { content: 'x', lang: 'go' }, 'lang'],
          ['track_token_usage', { model: 'gpt-4o', input_tokens: 1, output_tokens: 1 }, 'operation_id'],
          [
            'track_token_usage',
            { operation_id: 'op-bad', model: 'gpt-4o', input_tokens: -1, output_tokens: 0 },
            'input_tokens',
          ],
          ['get_cost_summary', { period: 'forever' }, 'period'],
          ['get_cost_summary', { group_by: 'planet' }, 'group_by'],
          ['get_cost_summary', { to: '2025-01-01T00:00:00Z' }, 'from'],
          ['estimate_cost', { model: 'gpt-4o' }, 'input_tokens'],
          ['estimate_cost', { model: 'gpt-4o', input_tokens: 1.5 }, 'input_tokens'],
          ['list_model_prices', { history: 'yes' }, 'history'],
          ['list_model_prices', { vendor: 'openai' }, 'vendor'],
        ];
        const { tools } = await client.listTools();
        for (const tool of tools) {
          expect([tool.name, cases.filter(([name]) => name === tool.name).length >= 2]).toEqual([tool.name, true]);
        }
        for (const [name, args, field] of cases) {
          const result = await call(client, name, args);
          expect([name, args, result.isError]).toEqual([name, args, true]);
          expect([name, args, textOf(result)]).toEqual([
            name,
            args,
            expect.stringMatching(new RegExp(`(^|[^a-z_])${field.replace('.', '\\.')}([^a-z_]|$)`)),
          ]);
        }
        // A misspelled argument is named along with the arguments the tool does take.
        expect(textOf(await call(client, 'stream_files', { path: 'a', chunkSize: 'big' }))).toMatch(
          /unknown argument chunkSize \(stream_files takes path, encoding, offset, chunk_size, max_bytes\)/,
        );
      });

      it('stops an analysis that runs too long without holding up other calls', async () => {
        // A MiB of unclosed heredocs stays inside the parse's work budget, but the bash scanner's cost
        // per step grows with the heredocs open: after 20 s the parse has done a tenth of its steps,
        // far past the default 10 s analysis time limit this suite runs with (a loaded machine only
        // makes it slower). Normal analyses take milliseconds, so they never come near that limit.
        const heredocs = `cat ${'<<A '.repeat(250_000)}\nx\n`;
        const timedPing = async () => {
          const started = Date.now();
          const pong = await call(client, 'ping', { message: 'still here' });
          expect(pong.structuredContent).toMatchObject({ message: 'still here' });
          return Date.now() - started;
        };
        const idleMs = await timedPing();
        const slow = call(client, 'analyze_code', { content: heredocs, filename: 'heredocs.sh' });
        // Held up would mean waiting for the parse, seconds on an idle machine; the bound grows with
        // the idle ping measured just before, so a loaded machine does not break it.
        expect(await timedPing()).toBeLessThan(2000 + 4 * idleMs);
        const result = await slow;
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(/did not finish within 10000 ms; try a smaller file/);
      });

      it('relays the progress of stream_files to the MCP client', async () => {
        // Larger than this suite's 4 KiB inline limit, so it arrives through a presigned upload.
        const upload = (
          await call(client, 'presign_upload', { path: 'big.txt', content_type: 'text/plain', size: 8000 })
        ).structuredContent as { url: string; headers: Record<string, string> };
        expect(
          (await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'abcdefgh'.repeat(1000) })).status,
        ).toBeLessThan(300);
        const reports: { progress: number; total?: number }[] = [];
        const result = (await client.callTool(
          { name: 'stream_files', arguments: { path: 'big.txt', chunk_size: 1024 } },
          undefined,
          {
            onprogress: (progress) => reports.push(progress),
          },
        )) as Result;
        expect(result.isError).toBe(false);
        expect(result.structuredContent).toMatchObject({ bytesRead: 4096, complete: false, nextOffset: 4096 });
        expect(reports.length).toBe(4);
        expect(reports.at(-1)).toMatchObject({ progress: 4096, total: 4096 });
        expect(reports.map((report) => report.progress)).toEqual(
          [...reports.map((report) => report.progress)].sort((a, b) => a - b),
        );
      });
    }
  },
);
