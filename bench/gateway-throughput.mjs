// `npm run bench` — tools/call `ping` through the full path (gateway → auth cache → executor)
// against three baselines serving the same tool, all measured in this one run on this machine:
//   (a) the SDK's stateless Streamable HTTP example pattern (McpServer + transport per request)
//   (b) a bare node:http server (one process: the machine's ceiling)
//   (c) a bare two-process hop: node:http → undici keep-alive pool → node:http
// Results go to docs/benchmarks.md. LFC_BENCH_SECONDS sets the length of each run (default 10).
import { PING_CALL, freePort, measure, openMcpSession, replaceSection, startBaseline, startSuite } from './lib.mjs';

const seconds = Number(process.env.LFC_BENCH_SECONDS ?? 10);
const connectionCounts = [50, 200];

async function main() {
  const sdkPort = await freePort();
  const barePort = await freePort();
  const backPort = await freePort();
  const frontPort = await freePort();
  const children = [
    await startBaseline('sdk-stateless.mjs', { PORT: String(sdkPort) }),
    await startBaseline('bare-http.mjs', { PORT: String(barePort) }),
    await startBaseline('two-hop-back.mjs', { PORT: String(backPort) }),
    await startBaseline('two-hop-front.mjs', { PORT: String(frontPort), BACK_URL: `http://127.0.0.1:${backPort}` }),
  ];
  const suite = await startSuite();
  const sessionId = await openMcpSession(suite.url, suite.apiKey);
  const suitePids = suite.pids();
  const [sdk, bare, back, front] = children;

  const targets = [
    {
      name: 'LangFlow Connect gateway → executor (POST /mcp, session, API key)',
      url: `${suite.url}/mcp`,
      headers: {
        accept: 'application/json, text/event-stream',
        'x-api-key': suite.apiKey,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-11-25',
      },
      pids: {
        gateway: suitePids.gateway,
        'tool-executor': suitePids['tool-executor'],
        'launcher (embedded PGlite: audit rows)': suitePids.launcher,
      },
    },
    {
      name: '(a) SDK stateless example pattern',
      url: `http://127.0.0.1:${sdkPort}/mcp`,
      headers: { accept: 'application/json, text/event-stream' },
      pids: { server: sdk.pid },
    },
    {
      name: '(b) bare node:http, one process',
      url: `http://127.0.0.1:${barePort}/`,
      headers: {},
      pids: { server: bare.pid },
    },
    {
      name: '(c) bare two-process hop over undici',
      url: `http://127.0.0.1:${frontPort}/`,
      headers: {},
      pids: { front: front.pid, back: back.pid },
    },
  ];

  const rows = [];
  try {
    for (const connections of connectionCounts) {
      const results = [];
      for (const target of targets) {
        const pids = { ...target.pids, 'load generator': process.pid };
        const result = await measure(target.url, {
          headers: target.headers,
          body: PING_CALL,
          connections,
          seconds,
          pids,
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

  const lines = [
    `Run: \`npm run bench\` (LFC_BENCH_SECONDS=${seconds}), ${new Date().toISOString().slice(0, 10)}, this machine (2 cores; autocannon shares them with the servers).`,
    '',
    '| connections | target | req/s | p50 ms | p99 ms |',
    '|---|---|---|---|---|',
  ];
  const verdicts = [];
  for (const { connections, results } of rows) {
    for (const r of results) lines.push(`| ${connections} | ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} |`);
    const [ours, sdk, bare, hop] = results;
    const vsSdk = ours.rps / sdk.rps;
    const vsHop = ours.rps / hop.rps;
    const p99VsHop = ours.p99 / Math.max(hop.p99, 1);
    verdicts.push(
      `| ${connections} | ${vsSdk.toFixed(2)}× ${vsSdk >= 5 ? '✅' : '❌'} | ${(vsHop * 100).toFixed(0)}% ${vsHop >= 0.5 ? '✅' : '❌'} | ${p99VsHop.toFixed(2)}× ${p99VsHop <= 2 ? '✅' : '❌'} | ${((ours.rps / bare.rps) * 100).toFixed(0)}% |`,
    );
  }
  const cpuOf = (result) => Object.entries(result.cpuPerRequest).filter(([name]) => name !== 'load generator');
  const serverCpu = (result) => cpuOf(result).reduce((sum, [, micros]) => sum + micros, 0);
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
    '| connections | throughput vs (a), target ≥ 5× | throughput vs (c), target ≥ 50% | p99 vs (c), target ≤ 2× | throughput vs (b) |',
    '|---|---|---|---|---|',
    ...verdicts,
  );
  replaceSection('bench:gateway-throughput', lines.join('\n'));
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
