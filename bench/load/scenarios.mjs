// The plan's load scenarios: what each runs, for how long, with how many users, and what it reports.
import { listenDrops } from './proc.mjs';
import { failureBreakdown, kindTable, ms, phaseTable, processTable, table } from './report.mjs';
import { failurePoint, rampSteps, recoveryTime, stepFailures, STRESS_LIMITS } from './verdicts.mjs';

/** Connections of the stress ramp's baseline and recovery probe: light load, latency near its floor. */
const PROBE_CONNECTIONS = 10;
const PROBE_SECONDS = 10;
/** Recovery is measured in quarter-second windows, so "within 5 s" is resolved finely enough. */
const RECOVERY_WINDOW_MS = 250;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A single phase of `mix` at one concurrency: discovery, execution, mixed, peak. */
function steady({ users, seconds, mix, what }) {
  return {
    what,
    mixes: [mix],
    defaults: { connections: [users], seconds },
    async run(load, { connections: [count], seconds: duration }) {
      const result = await load.phase({ name: `${count} users`, mix, connections: count, seconds: duration });
      return { phases: [{ name: `${count} users`, connections: count, result }] };
    },
    report({ phases: [phase] }, samples) {
      return [
        // The plan's service level: responses under 3 s at p95, 99.9 % of requests served.
        ...phaseTable([phase], {
          extraHeader: ['p95 < 3 s', 'success ≥ 99.9 %'],
          extra: ({ result }) => [
            result.p95 !== undefined && result.p95 < 3000 ? '✅' : '❌',
            result.errorRate <= 0.001 ? '✅' : '❌',
          ],
        }),
        '',
        `Failed requests: ${failureBreakdown(phase.result)}.`,
        '',
        ...kindTable(phase.result),
        '',
        ...processTable(samples, { judged: (name) => name !== 'load generator' }),
      ];
    },
  };
}

const CONNECTION_TARGETS = [
  { mix: 'facade-ping', name: 'facade `POST /api/v1/tools/call` ping' },
  { mix: 'mcp-ping', name: '`POST /mcp` tools/call ping, a session per connection' },
];

/** The connection counts on both entries; the first count is the reference for throughput. */
const connections = {
  what: '`tools/call ping` at each connection count, on the facade and on `POST /mcp` with a session per connection',
  mixes: CONNECTION_TARGETS.map((target) => target.mix),
  defaults: { connections: [50, 1000, 2000], seconds: 60 },
  async run(load, { connections: counts, seconds }) {
    const phases = [];
    for (const target of CONNECTION_TARGETS) {
      for (const count of counts) {
        const name = `${target.mix} ${count}`;
        const dropsBefore = listenDrops();
        const result = await load.phase({ name, mix: target.mix, connections: count, seconds });
        const dropsAfter = listenDrops();
        const drops = dropsBefore === undefined || dropsAfter === undefined ? undefined : dropsAfter - dropsBefore;
        phases.push({ name, target, connections: count, result, drops });
        // Let closed connections drain before the next count opens its own.
        await sleep(2000);
      }
    }
    return { phases };
  },
  report({ phases }, samples) {
    const rows = phases.map((phase) => {
      const reference = phases.find((other) => other.target === phase.target);
      const rate = (one) => one.result.requests / one.result.seconds;
      const ratio = rate(phase) / rate(reference);
      const r = phase.result;
      return [
        phase.target.name,
        phase.connections,
        Math.round(rate(phase)),
        `${(ratio * 100).toFixed(0)} %${phase.connections === 1000 ? (ratio >= 0.9 ? ' ✅' : ' ❌') : ''}`,
        ms(r.p50),
        ms(r.p99),
        `${r.failures}${r.failures === 0 ? ' ✅' : ' ❌'}`,
        r.p99 !== undefined && r.p99 < 1000 ? '✅' : '❌',
        failureBreakdown(r),
        phase.drops ?? '–',
      ];
    });
    return [
      ...table(
        [
          'entry',
          'connections',
          'req/s',
          `vs ${phases[0].connections} connections (≥ 90 % at 1,000)`,
          'p50 ms',
          'p99 ms',
          'failed (target 0)',
          'p99 < 1 s',
          'failures',
          'connection attempts dropped (kernel ListenDrops)',
        ],
        rows,
      ),
      '',
      // Memory follows the connection count here, so there is no drift to judge.
      ...processTable(samples, { drift: false }),
    ];
  },
};

/**
 * Raises concurrency step by step until p99 passes 3 s or more than 0.1 % of requests fail, then
 * stops the load and measures how long p50 takes to come back within 1.5 × its pre-stress value.
 */
function stress({ mix }) {
  return {
    what:
      'a ramp of connections, each step held for the given duration, until p99 passes 3 s or errors pass 0.1 %; ' +
      `then the load stops and a ${PROBE_CONNECTIONS}-connection probe measures how long p50 takes to return within 1.5 × its value before the ramp`,
    mixes: [mix],
    defaults: { connections: undefined, seconds: 20, recovery: 30 },
    async run(load, { connections: ladder, seconds, recovery, maxConnections }) {
      const steps = ladder ?? rampSteps(maxConnections);
      const baseline = await load.phase({
        name: 'baseline',
        mix,
        connections: PROBE_CONNECTIONS,
        seconds: PROBE_SECONDS,
      });
      const phases = [{ name: 'baseline', connections: PROBE_CONNECTIONS, result: baseline }];
      const ramp = [];
      for (const count of steps) {
        const result = await load.phase({ name: String(count), mix, connections: count, seconds });
        const step = {
          name: `ramp ${count}`,
          connections: count,
          result,
          p99: result.p99,
          errorRate: result.errorRate,
        };
        ramp.push(step);
        phases.push(step);
        if (stepFailures(step).length > 0) break;
      }
      const stoppedAt = load.elapsed();
      const probe = await load.phase({
        name: 'recovery',
        mix,
        connections: PROBE_CONNECTIONS,
        seconds: recovery,
        windowMs: RECOVERY_WINDOW_MS,
      });
      phases.push({ name: 'recovery probe', connections: PROBE_CONNECTIONS, result: probe });
      return {
        phases,
        point: failurePoint(ramp),
        baselineP50: baseline.p50,
        recoverySeconds: recoveryTime(probe.windows, { stoppedAt, baselineP50: baseline.p50 }),
        probeSeconds: recovery,
      };
    },
    report({ phases, point, baselineP50, recoverySeconds, probeSeconds }, samples) {
      const ramp = phases.filter((phase) => phase.name.startsWith('ramp'));
      const shed = ramp.reduce((sum, phase) => sum + phase.result.shed, 0);
      const withRetryAfter = ramp.reduce((sum, phase) => sum + phase.result.shedWithRetryAfter, 0);
      const timeouts = ramp.reduce((sum, phase) => sum + phase.result.timeouts, 0);
      const dropped = ramp.reduce((sum, phase) => sum + phase.result.connectionErrors, 0);
      const failure = point.failed
        ? `**Failure point: ${point.failed.connections} connections** (${point.reasons.join(', ')}); the last step that held had ${point.lastGood ? `${point.lastGood.connections} connections` : 'none'}.`
        : `**No failure point** up to ${ramp[ramp.length - 1].connections} connections (limits: p99 ≤ ${STRESS_LIMITS.p99Ms} ms, errors ≤ ${STRESS_LIMITS.errorRate * 100} %).`;
      const recovered =
        recoverySeconds === undefined
          ? `**p50 did not recover** within the ${probeSeconds} s probe (baseline p50 ${ms(baselineP50)} ms).`
          : `**Recovery: ${recoverySeconds.toFixed(2)} s** after the load stopped until p50 stayed within 1.5 × the baseline's ${ms(baselineP50)} ms (target ≤ 5 s ${recoverySeconds <= 5 ? '✅' : '❌'}).`;
      return [
        ...phaseTable(phases, {
          extraHeader: ['429/503 (with Retry-After)', 'timeouts', 'verdict'],
          extra: (phase) =>
            phase.name.startsWith('ramp')
              ? [
                  `${phase.result.shed} (${phase.result.shedWithRetryAfter})`,
                  phase.result.timeouts,
                  stepFailures(phase).join(', ') || 'held',
                ]
              : [`${phase.result.shed} (${phase.result.shedWithRetryAfter})`, phase.result.timeouts, ''],
        }),
        '',
        failure,
        '',
        `Load shed over the ramp: ${shed} answers 429/503, ${withRetryAfter} of them with Retry-After${shed > 0 ? (withRetryAfter === shed ? ' ✅' : ' ❌') : ''}; ${timeouts} requests hung past the timeout${timeouts === 0 ? ' ✅' : ' ❌'}; ${dropped} connection errors (refused or reset)${dropped === 0 ? ' ✅' : ' ❌'}.`,
        '',
        recovered,
        '',
        ...processTable(samples, { drift: false }),
      ];
    },
  };
}

export function scenarios(stressMix = 'mixed') {
  return {
    discovery: steady({
      users: 1000,
      seconds: 120,
      mix: 'discovery',
      what: 'tool discovery: `tools/list` through the facade (`GET /api/v1/tools/list`) and over MCP (`POST /mcp`, a session per connection), in turn',
    }),
    execution: steady({
      users: 500,
      seconds: 120,
      mix: 'execution',
      what: 'tool execution through the facade (`POST /api/v1/tools/call`): `read_file`, `write_file`, `analyze_code` (1.5 KB of Python) and `track_token_usage` in turn',
    }),
    mixed: steady({
      users: 1000,
      seconds: 120,
      mix: 'mixed',
      what: 'a quarter discovery (`tools/list` on both entries), the rest tool calls: the execution mix through the facade, `read_file` and `ping` over MCP',
    }),
    peak: steady({
      users: 2000,
      seconds: 600,
      mix: 'mixed',
      what: 'the mixed load at the plan’s peak of 2,000 users (the plan holds it for an hour: `--duration 3600`)',
    }),
    connections,
    stress: stress({ mix: stressMix }),
  };
}
