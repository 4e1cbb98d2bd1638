// The Markdown a load run writes into docs/benchmarks.md: what ran, the figures, the verdicts.
import { memoryDrift } from './verdicts.mjs';

export const ms = (value) => (value === undefined ? '–' : value < 10 ? value.toFixed(1) : Math.round(value).toString());
const percent = (value, digits = 2) => `${(value * 100).toFixed(digits)} %`;
const mb = (kb) => (kb / 1024).toFixed(0);
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** A Markdown table (Prettier aligns it afterwards). */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)];
}

/** Non-2xx answers by status, load shed with and without Retry-After, errors and timeouts; "none" when nothing failed. */
export function failureBreakdown(result) {
  const parts = Object.entries(result.statuses)
    .filter(([status]) => Number(status) < 200 || Number(status) >= 300)
    .map(([status, count]) => `${count} × ${status}`);
  if (result.shed > 0) parts.push(`${result.shedWithRetryAfter} of ${result.shed} 429/503 with Retry-After`);
  if (result.answerErrors > 0) parts.push(`${result.answerErrors} 2xx answers carrying a tool or JSON-RPC error`);
  if (result.connectionErrors > 0) parts.push(`${result.connectionErrors} connection errors`);
  if (result.timeouts > 0) parts.push(`${result.timeouts} timeouts (no answer within the timeout)`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** One row per phase: throughput, latency percentiles and failures, then `extra` columns. */
export function phaseTable(phases, { extraHeader = [], extra = () => [] } = {}) {
  const header = ['phase', 'connections', 's', 'answered', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  return table(
    [...header, 'failed', 'error rate', ...extraHeader],
    phases.map((phase) => {
      const r = phase.result;
      return [
        phase.name,
        phase.connections,
        r.seconds.toFixed(1),
        r.requests,
        Math.round(r.requests / r.seconds),
        ms(r.p50),
        ms(r.p95),
        ms(r.p99),
        ms(r.max),
        r.failures,
        percent(r.errorRate, 3),
        ...extra(phase),
      ];
    }),
  );
}

/** Per request kind of a mix: answers, latency and failures (failed answers and requests without one). */
export function kindTable(result) {
  return table(
    ['request', 'answers', 'p50 ms', 'p95 ms', 'p99 ms', 'failed', 'of which timeouts'],
    Object.entries(result.byLabel).map(([label, kind]) => [
      label,
      kind.requests,
      ms(kind.p50),
      ms(kind.p95),
      ms(kind.p99),
      kind.failures,
      kind.timeouts,
    ]),
  );
}

/**
 * CPU (% of one core, mean and highest second) and RSS per process; with `drift`, RSS right after
 * the first fifth of the run against its last tenth (medians, see memoryDrift), flat within 10 %, for the processes `judged`
 * names (the load generator keeps every latency it saw, so its memory grows by design).
 */
export function processTable(samples, { drift = true, judged = () => true } = {}) {
  const rows = [];
  for (const [name, list] of Object.entries(samples)) {
    if (list.length === 0) continue;
    const cpu = list.map((sample) => sample.cpuPercent);
    const rss = list
      .filter((sample) => sample.rssKb !== undefined)
      .map((sample) => ({ t: sample.t, value: sample.rssKb }));
    const cells = [name, mean(cpu).toFixed(0), Math.max(...cpu).toFixed(0)];
    if (drift) {
      const found = memoryDrift(rss);
      cells.push(
        ...(found
          ? [
              mb(found.afterWarmUp),
              mb(found.end),
              mb(found.max),
              `${found.drift >= 0 ? '+' : ''}${percent(found.drift, 1)}${judged(name) ? (found.flat ? ' ✅' : ' ❌') : ''}`,
            ]
          : ['–', '–', '–', '–']),
      );
    } else {
      cells.push(mb(Math.max(...rss.map((sample) => sample.value))), mb(rss[rss.length - 1].value));
    }
    rows.push(cells);
  }
  const header = drift
    ? [
        'process',
        'CPU mean % of a core',
        'CPU max %',
        'RSS 20–30 % of the run MB (median)',
        'RSS last 10 % MB (median)',
        'RSS max MB',
        'drift',
      ]
    : ['process', 'CPU mean % of a core', 'CPU max %', 'RSS max MB', 'RSS end MB'];
  return table(header, rows);
}
