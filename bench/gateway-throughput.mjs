// `npm run bench` — tools/call `ping` through the full path (gateway → auth cache → executor), in
// both protocol eras the gateway serves on POST /mcp (2025-11-25 with a session, 2026-07-28
// stateless), against four baselines serving the same tool, all measured in this one run on this
// machine:
//   (a) the SDK's stateless Streamable HTTP example pattern (McpServer + transport per request)
//   (b) a bare node:http server (one process: the machine's ceiling)
//   (c) a bare two-process hop: node:http → undici keep-alive pool → node:http
//   (d) SDK 2.x's 2026-07-28 entry, createMcpHandler mounted with @modelcontextprotocol/node
// Results go to docs/benchmarks.md. LFC_BENCH_SECONDS sets the length of each run (default 10).
// LFC_BENCH_REAL=1 runs the suite on the machine's PostgreSQL and Redis and writes its own section.
import { loadavg } from 'node:os';
import {
  PING_CALL,
  PING_CALL_2026,
  PING_HEADERS_2026,
  REAL_STORES,
  checkPing,
  freePort,
  measure,
  openMcpSession,
  replaceSection,
  startBaseline,
  startSuite,
  warmUp,
} from './lib.mjs';

const seconds = Number(process.env.LFC_BENCH_SECONDS ?? 10);
const connectionCounts = [50, 200];
const OURS_2025 = 'LangFlow Connect gateway → executor (POST /mcp, session, API key)';
const OURS_2026 = 'LangFlow Connect gateway → executor (POST /mcp, 2026-07-28 stateless, API key)';

async function main() {
  const loadBefore = loadavg()[0];
  const sdkPort = await freePort();
  const barePort = await freePort();
  const backPort = await freePort();
  const frontPort = await freePort();
  const sdk2Port = await freePort();
  const children = [
    await startBaseline('sdk-stateless.mjs', { PORT: String(sdkPort) }),
    await startBaseline('bare-http.mjs', { PORT: String(barePort) }),
    await startBaseline('two-hop-back.mjs', { PORT: String(backPort) }),
    await startBaseline('two-hop-front.mjs', { PORT: String(frontPort), BACK_URL: `http://127.0.0.1:${backPort}` }),
    await startBaseline('sdk2-handler.mjs', { PORT: String(sdk2Port) }),
  ];
  const suite = await startSuite();
  const [sdk, bare, back, front, sdk2] = children;
  const rows = [];
  try {
    const sessionId = await openMcpSession(suite.url, suite.apiKey);
    const suitePids = suite.pids();
    // The PostgreSQL pool may grow under load, so its backends are read again after each warm-up.
    const oursPids = async () => ({
      gateway: suitePids.gateway,
      'tool-executor': suitePids['tool-executor'],
      ...(REAL_STORES
        ? { 'PostgreSQL backends of its database (audit rows)': await suite.databasePids() }
        : { 'launcher (embedded PGlite: audit rows)': suitePids.launcher }),
    });

    const targets = [
      {
        key: 'ours',
        name: OURS_2025,
        url: `${suite.url}/mcp`,
        body: PING_CALL,
        headers: {
          accept: 'application/json, text/event-stream',
          'x-api-key': suite.apiKey,
          'mcp-session-id': sessionId,
          'mcp-protocol-version': '2025-11-25',
        },
        pids: oursPids,
      },
      {
        key: 'ours2026',
        name: OURS_2026,
        url: `${suite.url}/mcp`,
        body: PING_CALL_2026,
        headers: { ...PING_HEADERS_2026, 'x-api-key': suite.apiKey },
        pids: oursPids,
      },
      {
        key: 'sdk',
        name: '(a) SDK stateless example pattern',
        url: `http://127.0.0.1:${sdkPort}/mcp`,
        body: PING_CALL,
        headers: { accept: 'application/json, text/event-stream' },
        pids: { server: sdk.pid },
      },
      {
        key: 'bare',
        name: '(b) bare node:http, one process',
        url: `http://127.0.0.1:${barePort}/`,
        body: PING_CALL,
        headers: {},
        pids: { server: bare.pid },
      },
      {
        key: 'hop',
        name: '(c) bare two-process hop over undici',
        url: `http://127.0.0.1:${frontPort}/`,
        body: PING_CALL,
        headers: {},
        pids: { front: front.pid, back: back.pid },
      },
      {
        key: 'sdk2',
        name: '(d) SDK 2.x createMcpHandler (2026-07-28)',
        url: `http://127.0.0.1:${sdk2Port}/mcp`,
        body: PING_CALL_2026,
        headers: PING_HEADERS_2026,
        pids: { server: sdk2.pid },
      },
    ];
    for (const target of targets) await checkPing(target.url, target);
    for (const target of targets) await warmUp(target.url, { ...target, connections: 50, seconds: 5 });

    for (const connections of connectionCounts) {
      const results = [];
      for (const target of targets) {
        const pids =
          typeof target.pids === 'function'
            ? async () => ({ ...(await target.pids()), 'load generator': process.pid })
            : { ...target.pids, 'load generator': process.pid };
        const result = await measure(target.url, {
          headers: target.headers,
          body: target.body,
          connections,
          seconds,
          pids,
          failOnErrors: target.key.startsWith('ours'),
        });
        process.stdout.write(
          `${connections} conns  ${target.name}: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms\n`,
        );
        results.push({ ...target, ...result });
      }
      rows.push({ connections, results });
    }
  } finally {
    await suite.stop();
    for (const child of children) child.kill();
  }
  const loadAfter = loadavg()[0];

  const cpuOf = (result) => Object.entries(result.cpuPerRequest).filter(([name]) => name !== 'load generator');
  const serverCpu = (result) => cpuOf(result).reduce((sum, [, micros]) => sum + micros, 0);
  const stores = REAL_STORES
    ? "the machine's PostgreSQL (a fresh database) and Redis (a fresh prefix)"
    : 'embedded PGlite and in-process Redis stand-in';
  const lines = [
    `Run: \`${REAL_STORES ? 'LFC_BENCH_REAL=1 node bench/gateway-throughput.mjs' : 'npm run bench'}\` (LFC_BENCH_SECONDS=${seconds}), ${new Date().toISOString().slice(0, 10)}, this machine (2 cores; autocannon shares them with the servers); suite on ${stores}; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
    '',
    '| connections | target | req/s | p50 ms | p99 ms | failed |',
    '|---|---|---|---|---|---|',
  ];
  const verdicts = [];
  const ratio = (value) => `${value.toFixed(2)}×`;
  for (const { connections, results } of rows) {
    for (const r of results)
      lines.push(`| ${connections} | ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.failed} |`);
    const by = Object.fromEntries(results.map((r) => [r.key, r]));
    const { ours, ours2026, sdk, bare, hop, sdk2 } = by;
    const vsSdk = ours.rps / sdk.rps;
    const vsHop = ours.rps / hop.rps;
    const p99VsHop = ours.p99 / Math.max(hop.p99, 1);
    verdicts.push(
      `| ${connections} | ${vsSdk.toFixed(2)}× ${vsSdk >= 2 ? '✅' : '❌'} | ${(vsHop * 100).toFixed(0)}% ${vsHop >= 0.3 ? '✅' : '❌'} | ${p99VsHop.toFixed(2)}× ${p99VsHop <= 3 ? '✅' : '❌'} | ${((ours.rps / bare.rps) * 100).toFixed(0)}% | ${ratio(ours2026.rps / ours.rps)} req/s, ${ratio(serverCpu(ours2026) / serverCpu(ours))} CPU | ${ratio(ours2026.rps / sdk2.rps)} req/s, ${ratio(serverCpu(ours2026) / serverCpu(sdk2))} CPU |`,
    );
  }
  lines.push(
    '',
    'CPU time per request (user + system, all threads, from `/proc`) during the 50-connection runs:',
    '',
    '| target | servers, µs per request | server total µs | load generator µs |',
    '|---|---|---|---|',
    ...rows[0].results.map(
      (r) =>
        `| ${r.name} | ${cpuOf(r)
          .map(([name, micros]) => `${name} ${micros.toFixed(0)}`)
          .join(', ')} | ${serverCpu(r).toFixed(0)} | ${r.cpuPerRequest['load generator'].toFixed(0)} |`,
    ),
  );
  lines.push(
    '',
    'The first five columns judge the 2025-11-25 session path; the last two set the 2026-07-28 stateless path beside it and beside (d) (throughput, and server CPU per call in the same run).',
    '',
    '| connections | throughput vs (a), target ≥ 2× | throughput vs (c), target ≥ 30% | p99 vs (c), target ≤ 3× | throughput vs (b) | 2026 path vs 2025 path | 2026 path vs (d) |',
    '|---|---|---|---|---|---|---|',
    ...verdicts,
  );
  replaceSection(REAL_STORES ? 'bench:gateway-throughput-real' : 'bench:gateway-throughput', lines.join('\n'));
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
