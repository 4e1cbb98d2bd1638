// `node bench/scale-out.mjs` — the same load against one gateway and one tool-executor, then against
// two of each, every replica its own process behind a round-robin front (bench/support/replicas.mjs),
// all on the machine's PostgreSQL and Redis, where the gateways share their state. Two loads:
// tools/call `ping` over POST /mcp in one MCP session (opened through the front, so its calls land
// on every gateway) and the facade's POST /api/v1/tools/call. Reports failed requests (the check:
// none, with one replica each and with two) and each replica's share of the work, counted by the
// replica itself (its lfc_http_requests_total). Writes its section of docs/benchmarks.md and exits
// non-zero when a request failed or a replica of the two-replica run served nothing.
//   LFC_BENCH_SECONDS     length of each measured run (default 20), after a 3 s warm-up
//   LFC_BENCH_CONNECTIONS concurrent connections of the load generator (default 100)
//   LFC_BENCH_REQUESTS    instead of a duration: this many requests per run, without warm-up
//   LFC_BENCH_REPLICAS    replica counts to run, comma-separated (default 1,2)
//   --json                print the results as JSON instead of writing docs/benchmarks.md
import autocannon from 'autocannon';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { PING_CALL, ROOT, checkPing, openMcpSession, replaceSection } from './lib.mjs';
import { answeredRequests, startReplicatedSuite } from './support/replicas.mjs';

const seconds = Number(process.env.LFC_BENCH_SECONDS ?? 20);
const connections = Number(process.env.LFC_BENCH_CONNECTIONS ?? 100);
const requests = process.env.LFC_BENCH_REQUESTS ? Number(process.env.LFC_BENCH_REQUESTS) : undefined;
const replicaCounts = (process.env.LFC_BENCH_REPLICAS ?? '1,2').split(',').map(Number);
const json = process.argv.includes('--json');

const FACADE_PING = JSON.stringify({ name: 'ping', arguments: {} });
/** The executor's route of a tool call, as the gateways call it. */
const { TOOLS_CALL_PATH } = createRequire(import.meta.url)(`${ROOT}/dist/libs/contracts/src/tools.js`);

/** The two loads, as the load generator sends them to the gateways' front. */
function loads(suite, sessionId) {
  return [
    {
      name: 'POST /mcp tools/call ping (one session)',
      route: '/mcp',
      url: `${suite.url}/mcp`,
      body: PING_CALL,
      headers: {
        accept: 'application/json, text/event-stream',
        'x-api-key': suite.apiKey,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-11-25',
      },
    },
    {
      name: 'POST /api/v1/tools/call ping (facade)',
      route: '/api/v1/tools/call',
      url: `${suite.url}/api/v1/tools/call`,
      body: FACADE_PING,
      headers: { 'x-api-key': suite.apiKey },
    },
  ];
}

function drive(load, { warmUp = false } = {}) {
  return autocannon({
    url: load.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...load.headers },
    body: load.body,
    connections,
    ...(warmUp ? { duration: 3 } : requests ? { amount: requests } : { duration: seconds }),
  });
}

/**
 * A session created on one gateway answers on every other: the calls of the load land on all of
 * them through the front anyway, this says so before any load runs.
 */
async function checkSessionsCrossReplicas(suite) {
  const [first, ...others] = suite.gateways;
  const sessionId = await openMcpSession(first.url, suite.apiKey);
  const headers = {
    accept: 'application/json, text/event-stream',
    'x-api-key': suite.apiKey,
    'mcp-session-id': sessionId,
  };
  for (const gateway of others) await checkPing(`${gateway.url}/mcp`, { headers, body: PING_CALL });
}

async function runTopology(replicas) {
  const suite = await startReplicatedSuite({ gateways: replicas, executors: replicas, env: { LOG_LEVEL: 'warn' } });
  const results = [];
  try {
    await checkSessionsCrossReplicas(suite);
    const sessionId = await openMcpSession(suite.url, suite.apiKey);
    const targets = loads(suite, sessionId);
    for (const load of targets) await checkPing(load.url, load);
    if (!requests) for (const load of targets) await drive(load, { warmUp: true });
    for (const load of targets) {
      // What each replica served of this load, by its own count: gateways on the load's route, executors on the tool call's.
      const counts = () =>
        Promise.all([
          ...suite.gateways.map((gateway) => answeredRequests(gateway, load.route)),
          ...suite.executors.map((executor) => answeredRequests(executor, TOOLS_CALL_PATH)),
        ]);
      const before = await counts();
      const result = await drive(load);
      const served = (await counts()).map((count, index) => count - before[index]);
      const failed = result.non2xx + result.errors;
      const perSecond = (count) => count / result.duration;
      const row = {
        replicas,
        load: load.name,
        requests: result.requests.total,
        failed,
        errorRate: failed / Math.max(result.requests.total + result.errors, 1),
        rps: perSecond(result.requests.total),
        p50: result.latency.p50,
        p99: result.latency.p99,
        gateways: served.slice(0, replicas).map(perSecond),
        executors: served.slice(replicas).map(perSecond),
        gatewayRequests: served.slice(0, replicas),
        executorRequests: served.slice(replicas),
      };
      process.stderr.write(
        `${replicas}+${replicas} ${load.name}: ${row.requests} requests, ${failed} failed, ${Math.round(row.rps)} req/s; gateways ${row.gatewayRequests.join('/')}, executors ${row.executorRequests.join('/')}\n`,
      );
      results.push(row);
    }
  } finally {
    await suite.stop();
  }
  return results;
}

function report(rows, loadBefore, loadAfter) {
  const perReplica = (values) => values.map((value) => Math.round(value)).join(' / ');
  const share = (values) => {
    const total = values.reduce((sum, value) => sum + value, 0);
    return values.map((value) => `${Math.round((value / Math.max(total, 1)) * 100)}%`).join(' / ');
  };
  const size = requests ? `LFC_BENCH_REQUESTS=${requests}` : `LFC_BENCH_SECONDS=${seconds}`;
  const lines = [
    `Run: \`node bench/scale-out.mjs\` (${size}, LFC_BENCH_CONNECTIONS=${connections}), ${new Date().toISOString().slice(0, 10)}, this machine (2 cores, shared by every replica, the fronts and autocannon); the machine's PostgreSQL (a fresh database) and Redis (a fresh prefix); 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
    '',
    '| gateways + executors | load | requests | failed | error rate | req/s | req/s per gateway (share) | req/s per executor (share) | p50 ms | p99 ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.replicas} + ${row.replicas} | ${row.load} | ${row.requests} | ${row.failed} | ${(row.errorRate * 100).toFixed(2)}% | ${Math.round(row.rps)} | ${perReplica(row.gateways)} (${share(row.gateways)}) | ${perReplica(row.executors)} (${share(row.executors)}) | ${row.p50} | ${row.p99} |`,
    ),
  ];
  return lines.join('\n');
}

async function main() {
  const loadBefore = loadavg()[0];
  const rows = [];
  for (const replicas of replicaCounts) rows.push(...(await runTopology(replicas)));
  const loadAfter = loadavg()[0];
  if (json) process.stdout.write(`${JSON.stringify({ rows })}\n`);
  else {
    const section = report(rows, loadBefore, loadAfter);
    replaceSection('bench:scale-out', section);
    process.stdout.write(`\n${section}\n`);
  }
  const idle = rows.filter((row) => [...row.gatewayRequests, ...row.executorRequests].some((count) => count === 0));
  const failed = rows.filter((row) => row.failed > 0);
  if (idle.length > 0 || failed.length > 0) {
    process.stderr.write(
      `scale-out check failed: ${failed.length} runs with failed requests, ${idle.length} with a replica that served nothing\n`,
    );
    process.exit(1);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
