// `node bench/profile.mjs` — where a tools/call spends its CPU: the suite under 50 connections of
// `ping` (POST /mcp with a session), profiled by V8's sampling profiler in the gateway and the tool
// executor after a warm-up, then summarised by self time per package and per function. The
// .cpuprofile files stay in the printed folder for Chrome DevTools.
// LFC_BENCH_REAL=1 runs on the machine's PostgreSQL and Redis; LFC_BENCH_SECONDS sets the length (10).
// LFC_BENCH_TOOL=track_token_usage profiles that tool instead (facade calls, a fresh operation id
// each, so every call records), with cost-accounting profiled too.
import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PING_CALL, ROOT, openMcpSession, startSuite } from './lib.mjs';

const seconds = Number(process.env.LFC_BENCH_SECONDS ?? 10);
const TRACKING = process.env.LFC_BENCH_TOOL === 'track_token_usage';
const PROFILED = TRACKING ? ['gateway', 'tool-executor', 'cost-accounting'] : ['gateway', 'tool-executor'];

/** Self time per package (or app/lib folder) and per function, idle left out. */
function summarise(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map();
  profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byPackage = new Map();
  const byFunction = new Map();
  let busy = 0;
  for (const [id, micros] of selfTime) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)') continue;
    busy += micros;
    const where =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      /dist\/((?:apps|libs)\/[^/]+)/.exec(url)?.[1] ??
      (url.startsWith('node:') ? 'node core' : functionName.startsWith('(') ? functionName : '(native)');
    byPackage.set(where, (byPackage.get(where) ?? 0) + micros);
    const name = `${functionName || '(anonymous)'} ${url.replace(/.*(node_modules|dist)\//, '')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const top = (map, count) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => ({ name, share: micros / busy }));
  return { busyMicros: busy, packages: top(byPackage, 15), functions: top(byFunction, 25) };
}

/** 50 connections of `tools/call ping` over one MCP session. */
async function mcpPingLoad(suite) {
  const sessionId = await openMcpSession(suite.url, suite.apiKey);
  return (duration) =>
    autocannon({
      url: `${suite.url}/mcp`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': suite.apiKey,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-11-25',
      },
      body: PING_CALL,
      connections: 50,
      duration,
    });
}

async function main() {
  const directory = mkdtempSync(join(tmpdir(), 'lfc-profile-'));
  const suite = await startSuite({
    NODE_OPTIONS: `--require ${join(ROOT, 'bench', 'support', 'cpu-profile-preload.cjs')}`,
    LFC_PROFILE_DIR: directory,
  });
  try {
    let operations = 0;
    const load = TRACKING
      ? (duration) =>
          autocannon({
            url: `${suite.url}/api/v1/tools/call`,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
            requests: [
              {
                setupRequest: (request) => ({
                  ...request,
                  body: JSON.stringify({
                    name: 'track_token_usage',
                    arguments: {
                      operation_id: `profile-${process.pid}-${++operations}`,
                      model: 'gpt-4o-mini',
                      input_tokens: 1200,
                      output_tokens: 300,
                    },
                  }),
                }),
              },
            ],
            connections: 20,
            duration,
          })
      : await mcpPingLoad(suite);
    await load(5);
    const pids = suite.pids();
    for (const service of PROFILED) process.kill(pids[service], 'SIGUSR2');
    const result = await load(seconds);
    for (const service of PROFILED) process.kill(pids[service], 'SIGUSR2');
    // The profiles are written on the signal; give the services a moment.
    for (let tries = 0; readdirSync(directory).length < PROFILED.length && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const requests = result.requests.total;
    process.stdout.write(
      `${requests} requests in ${seconds} s (${result.requests.average} req/s); profiles in ${directory}\n`,
    );
    for (const file of readdirSync(directory)) {
      const summary = summarise(JSON.parse(readFileSync(join(directory, file), 'utf8')));
      const percent = (share) => `${(share * 100).toFixed(1).padStart(5)} %`;
      process.stdout.write(
        `\n${file}: ${Math.round(summary.busyMicros / requests)} µs busy per request (profiler on)\n`,
      );
      for (const entry of summary.packages) process.stdout.write(`  ${percent(entry.share)}  ${entry.name}\n`);
      process.stdout.write('  functions:\n');
      for (const entry of summary.functions) process.stdout.write(`  ${percent(entry.share)}  ${entry.name}\n`);
    }
  } finally {
    await suite.stop();
  }
}

await main();
