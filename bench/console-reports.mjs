// `node bench/console-reports.mjs` — latency of the web console's reports on a seeded database:
//   1. starts the suite on a fresh database of the machine's PostgreSQL (LFC_BENCH_EMBEDDED=1: the
//      embedded PGlite instead) and makes a developer with five keys' worth of usage;
//   2. seeds 100,000 audit records and 100,000 ledger rows over the last 30 days across 50 keys of
//      10 users, 20 tools and 5 models, with one INSERT … SELECT generate_series each;
//   3. times a few sequential requests of every report (median and max, against the 1 s target),
//      beside the admin audit page `/api/v1/audit?limit=100`, and shows the plan PostgreSQL chose for
//      each report's query (EXPLAIN ANALYZE of the SQL the services send).
// Writes its section of docs/benchmarks.md; run `npx prettier --write docs/benchmarks.md` after.
import { createRequire } from 'node:module';
import pg from 'pg';
import { replaceSection, startSuite } from './lib.mjs';
import { KEYS, MODELS, TOOLS, USERS, people, seed } from './support/report-seed.mjs';

const require = createRequire(import.meta.url);
const { SqlUsageReports } = require('../dist/apps/gateway/src/usage/usage-reports.repository.js');
const { TypeOrmUsageLedger } = require('../dist/apps/cost-accounting/src/ledger/usage-ledger.repository.js');
const {
  COST_SERIES_MAX_GROUPS,
  USAGE_BREAKDOWN_MAX_ROWS,
  reportWindow,
} = require('../dist/libs/contracts/src/index.js');

const embedded = process.env.LFC_BENCH_EMBEDDED === '1';
const ROWS = Number(process.env.LFC_BENCH_REPORT_ROWS ?? 100_000);
const REQUESTS = Number(process.env.LFC_BENCH_REPORT_REQUESTS ?? 7);
const TARGET_MS = 1000;
/** The SQL a repository sends, caught instead of run. */
function capturing() {
  const sent = [];
  return { sent, dataSource: { query: async (sql, params) => (sent.push({ sql, params }), []) } };
}

/** How each table was read (scan type and index), and the execution time, from EXPLAIN ANALYZE. */
async function planOf(db, { sql, params }) {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const [explained] = rows[0]['QUERY PLAN'];
  const reads = new Set();
  const walk = (node) => {
    if (node['Index Name']) reads.add(`${node['Node Type']} ${node['Index Name']}`);
    else if (node['Node Type'] === 'Seq Scan') reads.add(`Seq Scan ${node['Relation Name']}`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(explained.Plan);
  return { reads: [...reads].join(', '), executionMs: explained['Execution Time'] };
}

async function timed(url, apiKey) {
  await fetch(url, { headers: { 'x-api-key': apiKey } }).then((response) => response.arrayBuffer());
  const latencies = [];
  for (let index = 0; index < REQUESTS; index++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { 'x-api-key': apiKey } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { median: latencies[Math.floor(latencies.length / 2)], max: latencies.at(-1) };
}

const suite = await startSuite({ LOG_LEVEL: 'warn' }, { realStores: !embedded });
const db = new pg.Client({ connectionString: suite.databaseUrl });
const results = [];
let seeded;
try {
  await db.connect();
  const who = await people(suite);
  seeded = await seed(db, who, ROWS);
  const gateway = suite.url;
  const cost = `http://127.0.0.1:${suite.costPort}`;
  const now = new Date();
  const scopes = [
    { name: 'own', apiKey: who.developerKey, userId: who.developerId, costScope: 'user' },
    { name: 'all', apiKey: suite.apiKey, userId: null, costScope: 'all' },
  ];

  results.push({
    report: 'baseline: `/api/v1/audit?limit=100`',
    scope: 'all',
    range: '–',
    ...(await timed(`${gateway}/api/v1/audit?limit=100`, suite.apiKey)),
    plan: { reads: '', executionMs: null },
  });
  for (const range of ['24h', '7d', '30d']) {
    const window = reportWindow(range, now);
    for (const scope of scopes) {
      const filter = { from: window.from, to: window.to, userId: scope.userId };
      const usage = capturing();
      const reports = new SqlUsageReports(usage.dataSource);
      await reports.series(filter, window.bucketSeconds);
      await reports.breakdown(filter, 'key', USAGE_BREAKDOWN_MAX_ROWS);
      await reports.breakdown(filter, 'tool', USAGE_BREAKDOWN_MAX_ROWS);
      const [series, byKey, byTool] = usage.sent;
      const query = `range=${range}&scope=${scope.name}`;
      for (const [report, path, sent] of [
        ['usage series', `/api/v1/usage/series?${query}`, series],
        ['usage breakdown by key', `/api/v1/usage/breakdown?by=key&${query}`, byKey],
        ['usage breakdown by tool', `/api/v1/usage/breakdown?by=tool&${query}`, byTool],
      ]) {
        results.push({
          report,
          scope: scope.name,
          range,
          ...(await timed(`${gateway}${path}`, scope.apiKey)),
          plan: await planOf(db, sent),
        });
      }
      for (const splitBy of ['model', 'key', 'operation_type']) {
        const ledger = capturing();
        await new TypeOrmUsageLedger(ledger.dataSource).series({
          subject: scope.userId ? { column: 'user_id', id: scope.userId } : null,
          ...window,
          splitBy,
          maxGroups: COST_SERIES_MAX_GROUPS,
        });
        results.push({
          report: `cost series by ${splitBy}`,
          scope: scope.costScope,
          range,
          ...(await timed(
            `${cost}/api/v1/cost/series?range=${range}&splitBy=${splitBy}&scope=${scope.costScope}`,
            scope.apiKey,
          )),
          plan: await planOf(db, ledger.sent[0]),
        });
      }
    }
  }
} finally {
  await db.end();
  await suite.stop();
}

const ms = (value) => (value === null ? '–' : value.toFixed(1));
const worst = Math.max(...results.map((result) => result.max));
const lines = [
  `Run: \`node bench/console-reports.mjs\` (${embedded ? 'embedded PGlite' : 'PostgreSQL 15 on this machine'}, ${ROWS.toLocaleString('en')} audit records and ${ROWS.toLocaleString('en')} ledger rows over 30 days, ${KEYS} keys of ${USERS} users, ${TOOLS} tools, ${MODELS.length} models; seeded in ${seeded.auditSeconds.toFixed(1)} s and ${seeded.ledgerSeconds.toFixed(1)} s; ${REQUESTS} sequential requests per row after one warm-up), ${new Date().toISOString().slice(0, 10)}.`,
  '',
  `Slowest answer: ${ms(worst)} ms ${worst <= TARGET_MS ? '✅' : '❌'} (target ≤ ${TARGET_MS} ms). "own" is the developer (5 keys, about a tenth of the rows); "all" an admin; the cost rows use \`scope=user\` for "own".`,
  '',
  '| report | scope | range | median ms | max ms | ≤ 1 s | plan (EXPLAIN ANALYZE) | SQL ms |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map(
    (result) =>
      `| ${result.report} | ${result.scope} | ${result.range} | ${ms(result.median)} | ${ms(result.max)} | ${result.max <= TARGET_MS ? '✅' : '❌'} | ${result.plan.reads} | ${ms(result.plan.executionMs)} |`,
  ),
];
replaceSection(embedded ? 'bench:console-reports-embedded' : 'bench:console-reports', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
