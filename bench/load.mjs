// `npm run load -- <scenario> [options]` — the deployment plan's load scenarios against the whole
// suite started as processes (`npm start`'s launcher), driven by autocannon from this process.
//
//   discovery    1,000 users: tools/list through the facade and over MCP
//   execution    500 users: read_file, write_file, analyze_code, track_token_usage through the facade
//   mixed        1,000 users: discovery and tool calls on both entries
//   peak         2,000 users of the mixed load for 10 minutes (--duration 3600 for the plan's hour)
//   connections  50, 1,000 and 2,000 connections for 60 s each, facade and POST /mcp with sessions
//   stress       a ramp until p99 > 3 s or errors > 0.1 %, then the time p50 takes to recover
//
// Options: --duration <s> (per step for stress), --connections <n>[,<n>…] (users; the counts for
// connections; the ramp for stress), --timeout <s> (a request unanswered this long is a timeout;
// default 10), --recovery <s> (stress: probe length; default 30), --mix <name> (stress: mixed or
// facade-ping; default mixed), --real (the machine's PostgreSQL and Redis; as LFC_BENCH_REAL=1).
//
// Each run writes its section of docs/benchmarks.md (load:<scenario>, or load:<scenario>-real) and
// the plot docs/images/load-<scenario>-<embedded|real>.svg, then formats docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REAL_STORES, ROOT, replaceSection, startSuite } from './lib.mjs';
import { drive } from './load/drive.mjs';
import { mixes } from './load/mixes.mjs';
import { CONNECTIONS_PER_KEY, Connections } from './load/population.mjs';
import { ProcessSampler, alive, kernelSetting, openFileLimit } from './load/proc.mjs';
import { scenarios } from './load/scenarios.mjs';
import { renderPlot } from './load/svg.mjs';

/** File descriptors this process keeps for itself beyond one per connection (admin calls, /proc reads, stdio). */
const SPARE_DESCRIPTORS = 256;
/** Seconds of unmeasured load before a run, so compiling the code paths is not part of the figures. */
const WARM_UP_SECONDS = 10;

function usage(message) {
  process.stderr.write(
    `${message}\nUsage: npm run load -- <discovery|execution|mixed|peak|connections|stress> ` +
      '[--duration s] [--connections n[,n…]] [--timeout s] [--recovery s] [--mix mixed|facade-ping] [--real]\n',
  );
  process.exit(2);
}

function positiveNumber(text, option) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) usage(`--${option} takes a positive number, not ${JSON.stringify(text)}`);
  return value;
}

function parseOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      timeout: { type: 'string', default: '10' },
      recovery: { type: 'string' },
      mix: { type: 'string' },
      real: { type: 'boolean', default: REAL_STORES },
    },
  });
  const [name] = positionals;
  const all = scenarios(values.mix ?? 'mixed');
  if (positionals.length !== 1 || !(name in all)) usage(`Name one scenario (${Object.keys(all).join(', ')}).`);
  if (values.mix !== undefined && name !== 'stress') usage('--mix applies to stress only.');
  if (values.mix !== undefined && !['mixed', 'facade-ping'].includes(values.mix)) {
    usage(`--mix is mixed or facade-ping, not ${values.mix}`);
  }
  const scenario = all[name];
  const counts = values.connections?.split(',').map((count) => Math.round(positiveNumber(count, 'connections')));
  if (counts && scenario.defaults.connections?.length === 1 && counts.length !== 1) {
    usage(`${name} runs one count of users: --connections <n>.`);
  }
  const plan = {
    connections: counts ?? scenario.defaults.connections,
    seconds: values.duration ? positiveNumber(values.duration, 'duration') : scenario.defaults.seconds,
    recovery: values.recovery ? positiveNumber(values.recovery, 'recovery') : scenario.defaults.recovery,
    timeoutSeconds: positiveNumber(values.timeout, 'timeout'),
  };
  const shortened =
    plan.seconds < scenario.defaults.seconds ||
    (scenario.defaults.connections !== undefined &&
      JSON.stringify(plan.connections) !== JSON.stringify(scenario.defaults.connections));
  return { name, scenario, plan, real: values.real, shortened };
}

async function main() {
  const { name, scenario, plan, real, shortened } = parseOptions();
  // Each connection is a socket here, and another in the gateway, which inherits this limit.
  const fdLimit = openFileLimit();
  const maxConnections = fdLimit - SPARE_DESCRIPTORS;
  const wanted = plan.connections ? Math.max(...plan.connections) : maxConnections;
  if (wanted > maxConnections) {
    usage(
      `${wanted} connections need more open files than ulimit -n (${fdLimit}) allows; raise it (ulimit -n ${wanted + SPARE_DESCRIPTORS * 4}).`,
    );
  }
  const runId = randomBytes(4).toString('hex');
  const requestMixes = mixes(runId);
  const loadBefore = loadavg()[0];
  process.stdout.write(`Starting the suite (${real ? "the machine's PostgreSQL and Redis" : 'embedded stores'})…\n`);
  const suite = await startSuite({}, { realStores: real });
  let outcome;
  let samples;
  const windows = [];
  const markers = [];
  let gone;
  let users;
  try {
    const pool = new Connections(suite, runId);
    const now = () => performance.now();
    let origin = now();
    const load = {
      elapsed: () => (now() - origin) / 1000,
      phase: async ({ name: phaseName, mix: mixName, connections, seconds, windowMs }) => {
        const requests = requestMixes[mixName];
        const identities = await pool.identities(connections, { withSessions: requests.some((kind) => kind.mcp) });
        markers.push({ t: load.elapsed(), label: phaseName });
        const result = await drive(suite.url, {
          mix: requests,
          identities,
          connections,
          seconds,
          timeoutSeconds: plan.timeoutSeconds,
          origin,
          now,
          windowMs,
        });
        windows.push(...result.windows);
        process.stdout.write(
          `${phaseName}: ${connections} connections, ${Math.round(result.requests / result.seconds)} req/s, p50 ${result.p50?.toFixed(1)} ms, p99 ${result.p99?.toFixed(1)} ms, ${result.failures} failed\n`,
        );
        return result;
      },
    };

    // Users, keys and sessions are made before the clock starts; only a ramp makes more between steps.
    if (plan.connections) {
      await pool.identities(wanted, {
        withSessions: scenario.mixes.some((mixName) => requestMixes[mixName].some((kind) => kind.mcp)),
      });
    }
    const warmUpMix = scenario.mixes[0];
    await drive(suite.url, {
      mix: requestMixes[warmUpMix],
      identities: await pool.identities(Math.min(50, wanted), {
        withSessions: requestMixes[warmUpMix].some((kind) => kind.mcp),
      }),
      connections: Math.min(50, wanted),
      seconds: WARM_UP_SECONDS,
      timeoutSeconds: plan.timeoutSeconds,
      origin,
      now,
    });

    const pids = suite.pids();
    const watched = {
      gateway: pids.gateway,
      'tool-executor': pids['tool-executor'],
      auth: pids.auth,
      'cost-accounting': pids['cost-accounting'],
      [real ? 'launcher' : 'launcher (embedded PGlite)']: pids.launcher,
      'load generator': process.pid,
    };
    origin = now();
    const sampler = new ProcessSampler(watched, { now, origin });
    try {
      outcome = await scenario.run(load, { ...plan, maxConnections });
    } finally {
      samples = sampler.stop();
    }
    users = pool.users;
    gone = Object.entries(watched)
      .filter(([, pid]) => !alive(pid))
      .map(([label]) => label);
  } finally {
    await suite.stop();
  }
  const loadAfter = loadavg()[0];

  const stores = real ? 'real' : 'embedded';
  const image = `load-${name}-${stores}.svg`;
  const command = `${real ? 'LFC_BENCH_REAL=1 ' : ''}npm run load -- ${process.argv
    .slice(2)
    .filter((arg) => arg !== '--real')
    .join(' ')}`;
  const storesText = real
    ? "the machine's PostgreSQL (a fresh database) and Redis (a fresh prefix)"
    : 'embedded PGlite and the in-process Redis stand-in';
  writeFileSync(
    join(ROOT, 'docs', 'images', image),
    renderPlot({
      title: `npm run load -- ${name} (${stores} stores)`,
      subtitle: `${command.replace(/^LFC_BENCH_REAL=1 /, '')} · ${new Date().toISOString().slice(0, 10)} · per ${name === 'stress' ? 'second (¼ s in the recovery probe)' : 'second'}`,
      windows,
      markers,
      thresholds: [{ ms: 3000, label: '3 s' }, ...(name === 'connections' ? [{ ms: 1000, label: '1 s' }] : [])],
    }),
  );
  const lines = [
    `Run: \`${command}\`, ${new Date().toISOString().slice(0, 10)}, this machine (${cpus().length} cores, which autocannon in the benchmark's own process shares with the suite); suite on ${storesText}; ${scenario.what}; ${users} users with a key each, ${CONNECTIONS_PER_KEY} connections per key; timeout ${plan.timeoutSeconds} s; ulimit -n ${fdLimit}, net.core.somaxconn ${kernelSetting('net/core/somaxconn') ?? 'unknown'}, net.ipv4.tcp_max_syn_backlog ${kernelSetting('net/ipv4/tcp_max_syn_backlog') ?? 'unknown'}; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
    ...(shortened
      ? [
          '',
          `**Shortened run** (${plan.connections ? `${plan.connections.join(', ')} connections, ` : ''}${plan.seconds} s): a check that the scenario works, not the plan's figures.`,
        ]
      : []),
    '',
    ...scenario.report(outcome, samples),
    '',
    gone.length === 0
      ? 'Every service process was still running after the run.'
      : `**Processes gone after the run: ${gone.join(', ')}.**`,
    '',
    `![${name} over time, ${stores} stores](images/${image})`,
  ];
  replaceSection(real ? `load:${name}-real` : `load:${name}`, lines.join('\n'));
  execFileSync(join(ROOT, 'node_modules', '.bin', 'prettier'), ['--write', 'docs/benchmarks.md'], { cwd: ROOT });
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
