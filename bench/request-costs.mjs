// `node bench/request-costs.mjs` — what each request kind of the plan's mixed load costs: every
// kind alone at 48 connections (6 developers, 8 connections a key, as `npm run load` makes them),
// its throughput and latency, and the CPU time every process spends per request, read from /proc:
// the four services, the launcher (the embedded PGlite) or the PostgreSQL backends of the suite's
// database and the machine's redis-server (LFC_BENCH_REAL=1), and the load generator itself.
// The kinds cost very different amounts; this says which ones the peak's p95 waits on.
// LFC_BENCH_SECONDS sets each kind's measured seconds (10), after 3 s of warm-up.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { REAL_STORES, cpuMicros, replaceSection, startSuite } from './lib.mjs';
import { headersOf, requestKinds } from './load/mixes.mjs';
import { Connections } from './load/population.mjs';
import { answerFailed } from './load/windows.mjs';

const seconds = Number(process.env.LFC_BENCH_SECONDS ?? 10);
const CONNECTIONS = 48;
const KINDS = ['mcpList', 'facadeList', 'mcpPing', 'read', 'mcpRead', 'write', 'analyze', 'track'];

function redisPids() {
  try {
    return execFileSync('pgrep', ['-x', 'redis-server'], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

/** `template` on every connection for `duration` s; answers that are 2xx but carry an error count as failed. */
async function run(url, template, identities, duration) {
  let failed = 0;
  let next = 0;
  const requestsOf = (identity) => [
    {
      method: template.method,
      path: template.path,
      headers: headersOf(template, identity),
      ...(template.body ? { body: template.body } : {}),
      ...(template.dynamicBody ? { setupRequest: (request) => ({ ...request, body: template.dynamicBody() }) } : {}),
      onResponse: (status, body) => {
        if (status < 200 || status >= 300 || answerFailed(body)) failed++;
      },
    },
  ];
  const result = await autocannon({
    url,
    connections: identities.length,
    duration,
    requests: requestsOf(identities[0]),
    setupClient: (client) => client.setRequests(requestsOf(identities[next++ % identities.length])),
  });
  return { result, failed: failed + result.errors + result.timeouts };
}

const suite = await startSuite();
try {
  const runId = Date.now().toString(36);
  const kinds = requestKinds(runId);
  const identities = await new Connections(suite, runId).identities(CONNECTIONS, { withSessions: true });
  const rows = [];
  const load = [loadavg()[0]];
  for (const name of KINDS) {
    const template = kinds[name];
    await run(suite.url, template, identities, 3);
    const pids = {
      ...suite.pids(),
      database: REAL_STORES ? await suite.databasePids() : [],
      redis: REAL_STORES ? redisPids() : [],
    };
    const before = Object.fromEntries(Object.entries(pids).map(([process, pid]) => [process, cpuMicros(pid)]));
    const ownBefore = process.cpuUsage();
    const { result, failed } = await run(suite.url, template, identities, seconds);
    const own = process.cpuUsage(ownBefore);
    const total = result.requests.total;
    const cpu = Object.fromEntries(
      Object.entries(pids).map(([process, pid]) => [process, (cpuMicros(pid) - before[process]) / total]),
    );
    cpu['load generator'] = (own.user + own.system) / total;
    rows.push({
      label: template.label,
      rps: total / seconds,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failed,
      cpu,
    });
    console.log(
      template.label,
      Math.round(total / seconds),
      'req/s',
      JSON.stringify(cpu, (_, v) => (typeof v === 'number' ? Math.round(v) : v)),
    );
  }
  load.push(loadavg()[0]);
  const processes = REAL_STORES
    ? ['gateway', 'tool-executor', 'auth', 'cost-accounting', 'database', 'redis', 'load generator']
    : ['gateway', 'tool-executor', 'auth', 'cost-accounting', 'launcher', 'load generator'];
  const heading = {
    'tool-executor': 'executor',
    'cost-accounting': 'cost',
    launcher: 'launcher (PGlite)',
    database: 'PostgreSQL backends',
    redis: 'redis-server',
  };
  const lines = [
    `Run: \`${REAL_STORES ? 'LFC_BENCH_REAL=1 ' : ''}node bench/request-costs.mjs\` (LFC_BENCH_SECONDS=${seconds}), ${new Date().toISOString().slice(0, 10)}, ${CONNECTIONS} connections (8 a key) per kind after 3 s of warm-up; suite on ${REAL_STORES ? "the machine's PostgreSQL (a fresh database) and Redis (a fresh prefix; redis-server's CPU is the whole server's)" : 'embedded PGlite and the in-process Redis stand-in'}; 1-minute load average ${load[0].toFixed(1)} before, ${load[1].toFixed(1)} after, on 2 cores.`,
    '',
    `| request | req/s | p50 ms | p99 ms | failed | ${processes.map((p) => `${heading[p] ?? p} µs`).join(' | ')} | all µs |`,
    `| --- | --- | --- | --- | --- | ${processes.map(() => '---').join(' | ')} | --- |`,
    ...rows.map((row) => {
      const all = processes.reduce((sum, p) => sum + (row.cpu[p] ?? 0), 0);
      return `| ${row.label} | ${Math.round(row.rps)} | ${row.p50} | ${row.p99} | ${row.failed} | ${processes
        .map((p) => Math.round(row.cpu[p] ?? 0))
        .join(' | ')} | ${Math.round(all)} |`;
    }),
  ];
  replaceSection(REAL_STORES ? 'request-costs-real' : 'request-costs', lines.join('\n'));
} finally {
  await suite.stop();
}
