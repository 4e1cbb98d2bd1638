// Shared pieces of the benchmarks: start targets as processes, drive them with autocannon,
// and write results into docs/benchmarks.md between a benchmark's markers.
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Forks a baseline script that sends 'ready' over IPC once listening. */
export function startBaseline(file, env) {
  return new Promise((resolve, reject) => {
    const child = fork(join(ROOT, 'bench', 'baselines', file), [], {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

/**
 * With LFC_BENCH_REAL=1, the suite runs against the machine's PostgreSQL (a fresh database, dropped
 * when the suite stops) and Redis (a fresh key prefix, deleted when it stops) instead of the
 * embedded stand-ins. LFC_BENCH_POSTGRES_URL (an admin connection) and LFC_BENCH_REDIS_URL override
 * the loopback defaults; LFC_BENCH_DATABASE_URL names a database to use as it is instead of a fresh
 * one (its owner creates and drops it: the e2e test of bench/scale-out.mjs, which may serve it from
 * PGlite).
 */
export const REAL_STORES = process.env.LFC_BENCH_REAL === '1';
const POSTGRES_ADMIN_URL = process.env.LFC_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.LFC_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const GIVEN_DATABASE_URL = process.env.LFC_BENCH_DATABASE_URL;

async function withAdmin(work) {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh database (or LFC_BENCH_DATABASE_URL's) and Redis prefix, and how to remove both again. */
export async function realStores() {
  const suffix = randomBytes(6).toString('hex');
  const prefix = `lfc-bench-${suffix}:`;
  let url;
  if (GIVEN_DATABASE_URL) url = new URL(GIVEN_DATABASE_URL);
  else {
    await withAdmin((admin) => admin.query(`CREATE DATABASE lfc_bench_${suffix}`));
    url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/lfc_bench_${suffix}`;
  }
  const database = url.pathname.slice(1);
  return {
    database,
    env: { DATABASE_URL: url.toString(), REDIS_URL, LFC_REDIS_PREFIX: prefix },
    /** Process ids of the PostgreSQL backends serving the suite's database now. */
    backendPids: () =>
      withAdmin(async (admin) => {
        const { rows } = await admin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
        return rows.map((row) => row.pid);
      }),
    remove: async () => {
      if (!GIVEN_DATABASE_URL)
        await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
      const redis = new Redis(REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/**
 * Starts the whole suite with `npm start`'s launcher: embedded defaults unless DATABASE_URL/REDIS_URL
 * are set, or the machine's PostgreSQL and Redis with LFC_BENCH_REAL=1 (see REAL_STORES) or
 * `{ realStores: true }`.
 */
export async function startSuite(extraEnv = {}, { realStores: real = REAL_STORES } = {}) {
  const ports = {
    gateway: await freePort(),
    executor: await freePort(),
    auth: await freePort(),
    cost: await freePort(),
    // Known beforehand, so a bench can reach the embedded database too.
    pglite: await freePort(),
  };
  const stores = real ? await realStores() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'lfc-bench-'));
  const launcher = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      LFC_DATA_DIR: dataDir,
      LFC_GATEWAY_PORT: String(ports.gateway),
      LFC_EXECUTOR_PORT: String(ports.executor),
      LFC_AUTH_PORT: String(ports.auth),
      LFC_COST_PORT: String(ports.cost),
      LFC_PGLITE_PORT: String(ports.pglite),
      // Load generators are not rate-limited callers.
      LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: 'unlimited',
      LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: 'unlimited',
      ...stores?.env,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  launcher.stdout.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 120_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (launcher.exitCode !== null || Date.now() > deadline) {
      if (launcher.exitCode === null) launcher.kill('SIGINT');
      await stores?.remove();
      throw new Error(`suite did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const apiKey = /Admin API key: +(lfc_\S+)/.exec(output)[1];
  return {
    url: `http://127.0.0.1:${ports.gateway}`,
    /** Process ids of the launcher (which holds the embedded PGlite) and of each service. */
    pids: () => ({ launcher: launcher.pid, ...servicePids(launcher.pid) }),
    /** With LFC_BENCH_REAL=1, the PostgreSQL backends of the suite's database; otherwise none. */
    databasePids: async () => (stores ? await stores.backendPids() : []),
    authPort: ports.auth,
    costPort: ports.cost,
    /** The suite's database: the fresh one on the machine's PostgreSQL, or the embedded PGlite. */
    databaseUrl:
      extraEnv.DATABASE_URL ??
      stores?.env.DATABASE_URL ??
      process.env.DATABASE_URL ??
      `postgres://postgres:postgres@127.0.0.1:${ports.pglite}/postgres`,
    apiKey,
    dataDir,
    stop: async () => {
      await new Promise((resolve) => {
        launcher.once('exit', resolve);
        launcher.kill('SIGINT');
      });
      await stores?.remove();
    },
  };
}

/** The launcher's service processes by app name (`gateway`, `tool-executor`, …), from /proc. */
function servicePids(launcherPid) {
  const pids = {};
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== launcherPid) continue;
      const app = /dist\/apps\/([\w-]+)\/src\/main\.js/.exec(readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
      if (app) pids[app[1]] = Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/**
 * CPU time (user + system, all threads) a process has used so far, in µs; for a list of
 * processes, their sum (a process that has ended counts as 0).
 */
export function cpuMicros(pid) {
  if (Array.isArray(pid)) return pid.reduce((sum, one) => sum + cpuMicros(one), 0);
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return 0;
    throw error;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the file, in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

export async function openMcpSession(url, apiKey) {
  const response = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-api-key': apiKey },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
    }),
  });
  if (!response.ok) throw new Error(`initialize failed: ${response.status}`);
  return response.headers.get('mcp-session-id');
}

export const PING_CALL = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'ping', arguments: {} },
});

export const MCP_2026 = '2026-07-28';

/** The same call in MCP 2026-07-28: no session, the per-request envelope in `params._meta`. */
export const PING_CALL_2026 = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'ping',
    arguments: {},
    _meta: {
      'io.modelcontextprotocol/protocolVersion': MCP_2026,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
    },
  },
});

/** The headers a 2026-07-28 client sends with PING_CALL_2026. */
export const PING_HEADERS_2026 = {
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': MCP_2026,
  'mcp-method': 'tools/call',
  'mcp-name': 'ping',
};

/**
 * One autocannon run after a short warm-up; fails loudly if any answer was not 2xx. With `pids`
 * ({ name: pid or [pids] }, or a function giving that after the warm-up, for processes a pool starts
 * under load), also reports each process's CPU time per request in µs during the run.
 */
export async function measure(url, { headers, body, connections, seconds, pids: pidsOf = {}, failOnErrors = true }) {
  const options = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
  };
  await autocannon({ ...options, duration: Math.min(3, seconds) });
  const pids = typeof pidsOf === 'function' ? await pidsOf() : pidsOf;
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMicros(pid)]));
  const result = await autocannon({ ...options, duration: seconds });
  const cpuPerRequest = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, (cpuMicros(pid) - before[name]) / result.requests.total]),
  );
  // Our targets must not fail a request; a baseline that drops one is reported, not fatal.
  if (failOnErrors && (result.non2xx > 0 || result.errors > 0)) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return {
    failed: result.non2xx + result.errors,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    cpuPerRequest,
  };
}

/**
 * Load without measuring, so the first target measured is not the one that pays for compiling the
 * code all targets share (the suite's two eras share the executor and most of the gateway).
 */
export async function warmUp(url, { headers, body, connections, seconds }) {
  await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: seconds,
  });
}

/**
 * Sends `body` once and fails unless the answer is the `ping` tool's result (a JSON-RPC error in an
 * HTTP 200 would otherwise count as a served request).
 */
export async function checkPing(url, { headers, body }) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('text/event-stream')
    ? /^data: (.*)$/m.exec(text)?.[1]
    : text;
  let answer;
  try {
    answer = JSON.parse(json ?? '');
  } catch {
    answer = undefined;
  }
  const result = answer?.result ?? answer;
  if (!response.ok || result?.structuredContent?.pong !== true) {
    throw new Error(`${url} did not answer the ping call: ${response.status} ${text.slice(0, 300)}`);
  }
}

export function replaceSection(marker, content) {
  const file = join(ROOT, 'docs', 'benchmarks.md');
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`docs/benchmarks.md lacks the ${marker} markers`);
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`);
}

const TOOLS_CALL_PING = JSON.stringify({ name: 'ping', arguments: {} });

/** Latency in µs of `count` sequential facade `tools/call ping` calls on one keep-alive connection (an undici Pool). */
export async function sequentialLatencies(pool, apiKey, count) {
  const latencies = [];
  for (let index = 0; index < count; index++) {
    const started = process.hrtime.bigint();
    const response = await pool.request({
      method: 'POST',
      path: '/api/v1/tools/call',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: TOOLS_CALL_PING,
    });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`tools/call answered ${response.statusCode}`);
    latencies.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return latencies;
}
