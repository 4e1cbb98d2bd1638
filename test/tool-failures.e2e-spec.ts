import { generateServiceKeys, serviceKeyEnv } from '@lfc/common';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectStreamable } from './support/mcp-clients';
import { metricValue } from './support/metrics';
import { freePort, spawnService, stopProcess } from './support/processes';
import { REDIS_URL, RunningSuite, createTestDatabase } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(120_000);

type Result = {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text?: string }[];
};
type Health = { status: string; checks: { name: string; status: string; latencyMs: number; message?: string }[] };

const HEALTH_TIMEOUT_MS = 500;
const STREAMED_BYTES = 16 * 1024 * 1024;
/** Room for the compiler and small files; the TypeScript AST of a few hundred KiB of calls needs several times it. */
const ANALYSIS_HEAP_MB = 48;

/**
 * The most a health check with one dependency held may take: its timeout, plus what a healthy check
 * took just before in the same run. The baseline grows with machine load, so load cannot break the
 * bound; a check that waited for the held dependency (a hang) would still exceed it by far.
 */
const heldCheckBound = (healthyMs: number) => HEALTH_TIMEOUT_MS + 1000 + 4 * healthyMs;

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The tools when what they depend on fails: the executor reaches Redis, and cost-accounting its
 * database, through proxies this test cuts or holds; the gateway's health is checked through a
 * proxy that can hold connections (a peer that accepts but never answers).
 */
describe('the tools when their dependencies fail, through the real gateway', () => {
  let suite: RunningSuite;
  let client: Client;
  let executor: string;
  let redisProxy: TcpProxy;
  let databaseProxy: TcpProxy;
  let gatewayProxy: TcpProxy;
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as Result;
  const health = async () => {
    const started = Date.now();
    const result = (await call('get_system_health', {})).structuredContent as Health;
    return {
      ...result,
      tookMs: Date.now() - started,
      check: (name: string) => result.checks.find((check) => check.name === name),
    };
  };

  beforeAll(async () => {
    const redis = new URL(REDIS_URL);
    redisProxy = new TcpProxy(await freePort(), { host: redis.hostname, port: Number(redis.port || 6379) });
    const database = await createTestDatabase();
    const postgres = new URL(database.url);
    databaseProxy = new TcpProxy(await freePort(), { host: postgres.hostname, port: Number(postgres.port || 5432) });
    await Promise.all([redisProxy.start(), databaseProxy.start()]);
    const gatewayProxyPort = await freePort();
    suite = await RunningSuite.start({
      database,
      env: { LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: 'unlimited', LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: 'unlimited' },
      serviceEnv: {
        'tool-executor': {
          REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
          LFC_HEALTH_CHECK_TIMEOUT_MS: String(HEALTH_TIMEOUT_MS),
          LFC_GATEWAY_URL: `http://127.0.0.1:${gatewayProxyPort}`,
          LFC_FILE_INLINE_MAX_BYTES: String(STREAMED_BYTES),
          LFC_CODE_ANALYSIS_MAX_HEAP_MB: String(ANALYSIS_HEAP_MB),
        },
        'cost-accounting': (env) => {
          const database = new URL(env.DATABASE_URL as string);
          database.host = `127.0.0.1:${databaseProxy.port}`;
          return { DATABASE_URL: database.toString() };
        },
      },
    });
    gatewayProxy = new TcpProxy(gatewayProxyPort, { host: '127.0.0.1', port: suite.gateways[0]?.port ?? 0 });
    await gatewayProxy.start();
    executor = suite.backend('tool-executor').url;
    client = (await connectStreamable(suite.gatewayUrl, suite.apiKey)).client;
  });

  afterAll(async () => {
    await client?.close();
    await suite?.stop();
    await Promise.all([redisProxy?.stop(), databaseProxy?.stop(), gatewayProxy?.stop()]);
  });

  it('stops the executor’s stream when the MCP client cancels a long stream_files', async () => {
    const upload = (
      await call('presign_upload', { path: 'long.txt', content_type: 'text/plain', size: STREAMED_BYTES })
    ).structuredContent as {
      url: string;
      headers: Record<string, string>;
    };
    expect(
      (await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: Buffer.alloc(STREAMED_BYTES, 'a') }))
        .status,
    ).toBe(200);

    const cancelled = await metricValue(executor, 'lfc_tool_calls_total', {
      tool: 'stream_files',
      outcome: 'cancelled',
    });
    const controller = new AbortController();
    const streaming = client.callTool(
      { name: 'stream_files', arguments: { path: 'long.txt', chunk_size: 1024 } },
      undefined,
      {
        signal: controller.signal,
        // The SDK sends notifications/cancelled for the request when its signal aborts.
        onprogress: () => controller.abort(),
      },
    );
    await expect(streaming).rejects.toThrow(/abort/i);
    await until(
      async () =>
        (await metricValue(executor, 'lfc_tool_calls_total', { tool: 'stream_files', outcome: 'cancelled' })) ===
        cancelled + 1,
    );
    // The executor writes its log in batches: the line may land a moment after the metric moved.
    const cancelLine = () =>
      readFileSync(suite.backend('tool-executor').logFile, 'utf8')
        .split('\n')
        .find((entry) => entry.includes('tool stream_files cancelled by the caller'));
    await until(async () => cancelLine() !== undefined);
    const read = Number(/cancelled after (\d+) bytes/.exec(cancelLine() ?? '')?.[1]);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(STREAMED_BYTES);
    // The executor is free for the next call at once.
    expect((await call('delete_file', { path: 'long.txt' })).structuredContent).toMatchObject({ deleted: true });
  });

  it('only loses speed while Redis is cut: calls succeed, fresh answers, the failures counted', async () => {
    await call('write_file', { path: 'outage.txt', content: 'v1' });
    await call('read_file', { path: 'outage.txt' });
    expect((await call('read_file', { path: 'outage.txt' })).structuredContent).toMatchObject({ content: 'v1' });
    const errors = await metricValue(executor, 'lfc_tool_cache_errors_total');
    const lookupErrors = await metricValue(executor, 'lfc_tool_cache_requests_total', {
      tool: 'read_file',
      result: 'error',
    });

    await redisProxy.stop();
    try {
      for (const [name, args] of [
        ['read_file', { path: 'outage.txt' }],
        ['write_file', { path: 'outage.txt', content: 'v2' }],
        ['list_files', {}],
        ['ping', {}],
      ] as const) {
        const result = await call(name, args);
        expect([name, result.isError]).toEqual([name, false]);
      }
      expect((await call('read_file', { path: 'outage.txt' })).structuredContent).toMatchObject({ content: 'v2' });
      expect(await metricValue(executor, 'lfc_tool_cache_errors_total')).toBeGreaterThan(errors);
      expect(await metricValue(executor, 'lfc_tool_cache_errors_total', { operation: 'invalidate' })).toBeGreaterThan(
        0,
      );
      expect(
        await metricValue(executor, 'lfc_tool_cache_requests_total', { tool: 'read_file', result: 'error' }),
      ).toBeGreaterThan(lookupErrors);
      const status = await fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
        body: JSON.stringify({ name: 'read_file', arguments: { path: 'outage.txt' } }),
      });
      expect(status.status).toBe(200);
    } finally {
      await redisProxy.start();
    }
    // Back: the write made during the outage drops, on return, the entry it made stale.
    await until(async () => (await health()).check('redis')?.status === 'healthy');
    const hits = await metricValue(executor, 'lfc_tool_cache_requests_total', { tool: 'read_file', result: 'hit' });
    expect((await call('read_file', { path: 'outage.txt' })).structuredContent).toMatchObject({ content: 'v2' });
    expect((await call('read_file', { path: 'outage.txt' })).structuredContent).toMatchObject({ content: 'v2' });
    expect(await metricValue(executor, 'lfc_tool_cache_requests_total', { tool: 'read_file', result: 'hit' })).toBe(
      hits + 1,
    );
  });

  it('refuses an analysis over the workers’ heap limit in the caller’s terms, and analyses the next file', async () => {
    const heavy = { content: 'f(a, b);\n'.repeat(40_000), filename: 'calls.ts' };
    const refused = await call('analyze_code', heavy);
    expect(refused.isError).toBe(true);
    // Not "failed with an internal error": the worker's end is the input's doing, and says what to change.
    expect(refused.content[0]?.text).toContain(`more than the ${ANALYSIS_HEAP_MB} MiB of memory one analysis may use`);
    const next = await call('analyze_code', { content: 'export const one = () => 1;\n', filename: 'one.ts' });
    expect(next.structuredContent).toMatchObject({ analyzer: 'typescript-compiler', functions: [{ name: 'one' }] });
  });

  it('reports a dependency that accepts connections but never answers as unhealthy within its timeout', async () => {
    const before = await health();
    expect(before.status).toBe('healthy');
    expect(before.check('gateway')?.status).toBe('healthy');

    await gatewayProxy.blackhole();
    try {
      const held = await health();
      expect(held.check('gateway')).toMatchObject({
        status: 'unhealthy',
        message: `no answer within ${HEALTH_TIMEOUT_MS} ms`,
      });
      expect(held.check('gateway')?.latencyMs).toBeGreaterThanOrEqual(HEALTH_TIMEOUT_MS - 50);
      expect(held.tookMs).toBeLessThan(heldCheckBound(before.tookMs));
      expect(held.status).toBe('unhealthy');
      expect(held.check('auth')?.status).toBe('healthy');
    } finally {
      await gatewayProxy.start();
    }

    await redisProxy.blackhole();
    try {
      const held = await health();
      expect(held.check('redis')).toMatchObject({
        status: 'unhealthy',
        message: `no answer within ${HEALTH_TIMEOUT_MS} ms`,
      });
      expect(held.tookMs).toBeLessThan(heldCheckBound(before.tookMs));
      // A hung cache costs each call its command timeout, not the call.
      expect((await call('read_file', { path: 'outage.txt' })).structuredContent).toMatchObject({ content: 'v2' });
    } finally {
      await redisProxy.start();
    }
    await until(async () => (await health()).status === 'healthy');
  });

  it('reports a cut Redis and a cut database as unhealthy', async () => {
    const before = await health();
    expect(before.status).toBe('healthy');
    await redisProxy.stop();
    try {
      const cut = await health();
      expect(cut.check('redis')?.status).toBe('unhealthy');
      expect(cut.status).toBe('unhealthy');
      expect(cut.tookMs).toBeLessThan(heldCheckBound(before.tookMs));
    } finally {
      await redisProxy.start();
    }

    await databaseProxy.stop();
    try {
      const cut = await health();
      expect(cut.check('cost-accounting/database')?.status).toBe('unhealthy');
      // The service itself answers, so it is degraded rather than down.
      expect(cut.check('cost-accounting')?.status).toBe('degraded');
      expect(cut.check('auth/database')?.status).toBe('healthy');
      expect(cut.status).toBe('unhealthy');
      expect(cut.tookMs).toBeLessThan(heldCheckBound(before.tookMs));
    } finally {
      await databaseProxy.start();
    }
    await until(async () => (await health()).status === 'healthy');
  });

  it('reports a stopped service as unhealthy within its timeout, without hanging', async () => {
    const before = await health();
    expect(before.status).toBe('healthy');
    await stopProcess(suite.backend('cost-accounting').child);
    const stopped = await health();
    expect(stopped.tookMs).toBeLessThan(heldCheckBound(before.tookMs));
    expect(stopped.status).toBe('unhealthy');
    expect(stopped.check('cost-accounting')?.status).toBe('unhealthy');
    expect(stopped.check('auth')?.status).toBe('healthy');
  });
});

describe('the executor’s cache settings', () => {
  it('refuses to start with a TTL for a tool that does not exist, naming the variable and the tool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lfc-executor-config-'));
    const executor = spawnService(
      'tool-executor',
      await freePort(),
      {
        ...process.env,
        HOST: '127.0.0.1',
        ...serviceKeyEnv('tool-executor', generateServiceKeys()),
        LFC_BLOB_DIR: dir,
        LFC_TOOL_CACHE_TTL_SECONDS: 'read_file=60,read_fil=30',
      },
      dir,
    );
    const code = await new Promise<number | null>((resolve) => executor.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(readFileSync(executor.logFile, 'utf8')).toContain(
      'LFC_TOOL_CACHE_TTL_SECONDS: unknown tool read_fil (cacheable tools: analyze_code, list_files, read_file, stat_file)',
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
