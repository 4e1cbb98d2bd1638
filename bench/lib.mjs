// Shared pieces of the benchmarks: start targets as processes, drive them with autocannon,
// and write results into docs/benchmarks.md between a benchmark's markers.
import autocannon from 'autocannon';
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Starts the whole suite with `npm start`'s launcher (embedded defaults unless DATABASE_URL/REDIS_URL are set). */
export async function startSuite(extraEnv = {}) {
  const ports = {
    gateway: await freePort(),
    executor: await freePort(),
    auth: await freePort(),
    cost: await freePort(),
  };
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
      // Load generators are not rate-limited callers.
      LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: 'unlimited',
      LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: 'unlimited',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  launcher.stdout.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 120_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (launcher.exitCode !== null || Date.now() > deadline) throw new Error(`suite did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const apiKey = /Admin API key: +(lfc_\S+)/.exec(output)[1];
  return {
    url: `http://127.0.0.1:${ports.gateway}`,
    /** Process ids of the launcher (which holds the embedded PGlite) and of each service. */
    pids: () => ({ launcher: launcher.pid, ...servicePids(launcher.pid) }),
    authPort: ports.auth,
    apiKey,
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        launcher.once('exit', resolve);
        launcher.kill('SIGINT');
      }),
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

/** CPU time (user + system, all threads) a process has used so far, in µs. */
export function cpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
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
 * ({ name: pid }), also reports each process's CPU time per request in µs during the run.
 */
export async function measure(url, { headers, body, connections, seconds, pids = {} }) {
  const options = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
  };
  await autocannon({ ...options, duration: Math.min(3, seconds) });
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMicros(pid)]));
  const result = await autocannon({ ...options, duration: seconds });
  const cpuPerRequest = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, (cpuMicros(pid) - before[name]) / result.requests.total]),
  );
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return {
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
