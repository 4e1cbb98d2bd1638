// `node bench/budget-checks.mjs` — what a budget check and a ledger write cost as the month's
// ledger grows, on the machine's PostgreSQL (`LFC_BENCH_EMBEDDED=1`: the embedded PGlite).
//
// The suite is started as `npm start` does (so its migrations ran), with 30 budgets (15 keys, 15
// users). At each ledger size (rows this month across those subjects), it times:
//   - the standing check `track_token_usage` runs twice per call (`listWithSpend` on a caller's key
//     and user, the repository as built), against the same check summing the month's ledger rows,
//     as it did before the running totals (the baseline, in the same run);
//   - one recorded usage (`recordIfNew`, as built, with the totals' triggers), against the same
//     insert with the triggers disabled (the baseline).
// Writes its section of docs/benchmarks.md; run `npx prettier --write docs/benchmarks.md` after.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, replaceSection, startSuite } from './lib.mjs';

const require = createRequire(import.meta.url);
const { DataSource } = require('typeorm');
const { dataSourceOptions } = require(join(ROOT, 'dist/libs/database/src'));
const { accountingDatabase } = require(join(ROOT, 'dist/apps/cost-accounting/src/database'));
const { TypeOrmBudgetsRepository } = require(join(ROOT, 'dist/apps/cost-accounting/src/budgets/budgets.repository'));
const { TypeOrmUsageLedger } = require(join(ROOT, 'dist/apps/cost-accounting/src/ledger/usage-ledger.repository'));

const embedded = process.env.LFC_BENCH_EMBEDDED === '1';
const SIZES = (process.env.LFC_BENCH_LEDGER_ROWS ?? '10000,100000,1000000').split(',').map(Number);
const CHECKS = 200;
const WRITES = 400;
const SUBJECTS = 15;

/** The check as it was: each budget sums its subject's ledger rows of the month. */
const SUMMED_CHECK = `
  SELECT b.id, s.spent FROM accounting.budgets b
   CROSS JOIN LATERAL (
     SELECT COALESCE(SUM(c.cost_usd), 0) AS spent FROM accounting.cost_tracking c
      WHERE c."timestamp" >= (date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
        AND ((b.scope = 'key' AND c.key_id = b.subject_id) OR (b.scope = 'user' AND c.user_id = b.subject_id))
   ) s
   WHERE (b.scope = 'user' AND b.subject_id = $1) OR (b.scope = 'key' AND b.subject_id = $2)`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function timed(count, work) {
  const times = [];
  for (let index = 0; index < count; index++) {
    const started = process.hrtime.bigint();
    await work(index);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

const loadBefore = loadavg()[0];
const suite = await startSuite({ LOG_LEVEL: 'warn' }, { realStores: !embedded });
const source = new DataSource(dataSourceOptions({ ...accountingDatabase(suite.databaseUrl, 2), migrations: [] }));
const rows = [];
try {
  await source.initialize();
  const budgets = new TypeOrmBudgetsRepository(source);
  const ledger = new TypeOrmUsageLedger(source);
  const keys = Array.from({ length: SUBJECTS }, () => randomUUID());
  const users = Array.from({ length: SUBJECTS }, () => randomUUID());
  await source.query(
    `INSERT INTO accounting.budgets (scope, subject_id, monthly_limit_usd)
     SELECT 'key', unnest($1::uuid[]), 1000000 UNION ALL SELECT 'user', unnest($2::uuid[]), 1000000`,
    [keys, users],
  );
  let seeded = 0;
  for (const size of SIZES) {
    // Rows this month (since its first second), key i of user i, a tenth of a cent each.
    await source.query(
      `INSERT INTO accounting.cost_tracking (key_id, user_id, operation_type, model, cost_usd, "timestamp")
       SELECT ($1::uuid[])[1 + n % $3], ($2::uuid[])[1 + n % $3], 'completion', 'gpt-4o', 0.001,
              date_trunc('month', now()) + (now() - date_trunc('month', now())) * (n::float8 / $4)
         FROM generate_series(1, $4) AS n`,
      [keys, users, SUBJECTS, size - seeded],
    );
    seeded = size;
    await source.query('ANALYZE accounting.cost_tracking');
    const caller = (index) => ({ key: keys[index % SUBJECTS], user: users[index % SUBJECTS] });
    const check = (index) => {
      const { key, user } = caller(index);
      return budgets.listWithSpend({
        subjects: [
          { scope: 'user', id: user },
          { scope: 'key', id: key },
        ],
      });
    };
    const summed = (index) => source.query(SUMMED_CHECK, [caller(index).user, caller(index).key]);
    // Same answer both ways before timing them.
    const [fromTotals, fromLedger] = [await check(0), await summed(0)];
    if (fromTotals.length !== 2 || fromTotals.some((budget) => Number(budget.spentUsd) !== Number(fromLedger[0].spent)))
      throw new Error(`totals and ledger disagree: ${JSON.stringify({ fromTotals, fromLedger })}`);
    await timed(20, check);
    await timed(20, summed);
    const checkMs = await timed(CHECKS, check);
    const summedMs = await timed(CHECKS, summed);

    const record = (tenant) => (index) =>
      ledger.recordIfNew({
        userId: caller(index).user,
        keyId: caller(index).key,
        tenant,
        operationId: randomUUID(),
        operationType: 'completion',
        model: 'gpt-4o',
        modelKnown: true,
        inputTokens: 10,
        outputTokens: 0,
        costUsd: '0.001',
        overrunConfirmed: false,
      });
    // Alternating halves, so a slow moment of the machine falls on both.
    const writeMs = [];
    const bareMs = [];
    for (const half of [0, 1, 2, 3]) {
      const bare = half % 2 === 1;
      if (bare) await source.query('ALTER TABLE accounting.cost_tracking DISABLE TRIGGER USER');
      (bare ? bareMs : writeMs).push(await timed(WRITES / 4, record(bare ? 'bench-bare' : 'bench')));
      if (bare) await source.query('ALTER TABLE accounting.cost_tracking ENABLE TRIGGER USER');
    }
    // Out of the ledger again, each the way it came in: the writes made with the triggers off were
    // never in the totals, so they leave with the triggers off.
    await source.query('ALTER TABLE accounting.cost_tracking DISABLE TRIGGER USER');
    await source.query(`DELETE FROM accounting.cost_tracking WHERE tenant = 'bench-bare'`);
    await source.query('ALTER TABLE accounting.cost_tracking ENABLE TRIGGER USER');
    await source.query(`DELETE FROM accounting.cost_tracking WHERE tenant = 'bench'`);
    rows.push({ size, checkMs, summedMs, writeMs: median(writeMs), bareMs: median(bareMs) });
    process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
  }
} finally {
  await source.destroy().catch(() => undefined);
  await suite.stop();
}

const ms = (value) => value.toFixed(2);
const lines = [
  `Run: \`node bench/budget-checks.mjs\` (${embedded ? 'embedded PGlite' : 'PostgreSQL 15 on this machine'}; 30 budgets on 15 keys and 15 users, the ledger's rows this month spread over them; median of ${CHECKS} checks and of ${WRITES} writes per size, one at a time; load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores), ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| ledger rows this month | standing check, running totals (as built) | same check summing the ledger (before) | ratio | record a usage, with the totals’ triggers | without them | write cost of the totals |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (row) =>
      `| ${row.size.toLocaleString('en')} | ${ms(row.checkMs)} ms | ${ms(row.summedMs)} ms | ${(row.summedMs / row.checkMs).toFixed(1)}× | ${ms(row.writeMs)} ms | ${ms(row.bareMs)} ms | ${row.writeMs >= row.bareMs ? '+' : '−'}${ms(Math.abs(row.writeMs - row.bareMs))} ms |`,
  ),
];
replaceSection(embedded ? 'bench:budget-checks-embedded' : 'bench:budget-checks', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
