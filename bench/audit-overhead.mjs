// `node bench/audit-overhead.mjs` — the request audit's cost, in one run:
//   1. tools/call through the gateway with the audit on vs off (same machine, same run): the added
//      latency one request sees (sequential requests on one keep-alive connection, timed to the µs,
//      the two suites interleaved in rounds so drift hits both alike), and throughput at 50 connections;
//   2. the audit writer's batched insert vs one INSERT per record, on the same PostgreSQL.
// Needs PostgreSQL at LFC_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Pool as HttpPool } from 'undici';
import { measure, replaceSection, sequentialLatencies, startSuite } from './lib.mjs';

const require = createRequire(import.meta.url);
const { insertAuditBatch } = require('../dist/apps/gateway/src/audit/audit-writer.js');
const { dataSourceOptions, runMigrations } = require('../dist/libs/database/src/index.js');
const { gatewayDatabase } = require('../dist/apps/gateway/src/database.js');
const { DataSource } = require('typeorm');

const adminUrl = process.env.LFC_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.LFC_BENCH_SECONDS ?? 8);
const records = Number(process.env.LFC_BENCH_AUDIT_RECORDS ?? 5000);

async function withDatabase(run) {
  const name = `lfc_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function sampleRecord(seq) {
  return {
    id: randomUUID(),
    writerId: 'bench',
    seq,
    timestamp: new Date().toISOString(),
    keyId: randomUUID(),
    userId: randomUUID(),
    action: 'POST /api/v1/tools/call',
    resource: 'ping',
    ipAddress: '127.0.0.1',
    userAgent: 'bench',
    statusCode: 200,
    latencyMs: 1.234,
    requestId: randomUUID(),
    details: { via: 'api_key', argumentNames: ['message'] },
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}

async function writerThroughput(url) {
  const dataSource = new DataSource(dataSourceOptions({ ...gatewayDatabase(url), poolSize: 2 }));
  await dataSource.initialize();
  await runMigrations(dataSource, 'gateway');
  await dataSource.destroy();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const single = Array.from({ length: records }, (_, index) => sampleRecord(index + 1));
  let started = performance.now();
  for (const record of single) await insertAuditBatch(pool, [record]);
  const singleSeconds = (performance.now() - started) / 1000;
  const batched = Array.from({ length: records }, (_, index) => sampleRecord(records + index + 1));
  started = performance.now();
  for (let index = 0; index < batched.length; index += 500)
    await insertAuditBatch(pool, batched.slice(index, index + 500));
  const batchedSeconds = (performance.now() - started) / 1000;
  await pool.end();
  return { single: records / singleSeconds, batched: records / batchedSeconds };
}

const CALL_BODY = JSON.stringify({ name: 'ping', arguments: {} });
const rounds = Number(process.env.LFC_BENCH_ROUNDS ?? 20);
const perRound = Number(process.env.LFC_BENCH_REQUESTS_PER_ROUND ?? 250);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function requestPath() {
  const off = await startSuite({ LFC_AUDIT_ENABLED: 'false' });
  const on = await startSuite({ LFC_AUDIT_ENABLED: 'true' });
  const pools = new Map([off, on].map((suite) => [suite, new HttpPool(suite.url, { connections: 1 })]));
  try {
    const light = new Map([
      [off, []],
      [on, []],
    ]);
    for (const suite of [off, on]) await sequentialLatencies(pools.get(suite), suite.apiKey, perRound); // warm-up
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [off, on] : [on, off];
      for (const suite of order)
        light.get(suite).push(...(await sequentialLatencies(pools.get(suite), suite.apiKey, perRound)));
    }
    const loaded = new Map();
    for (const suite of [off, on]) {
      loaded.set(
        suite,
        await measure(`${suite.url}/api/v1/tools/call`, {
          headers: { 'x-api-key': suite.apiKey },
          body: CALL_BODY,
          connections: 50,
          seconds,
        }),
      );
    }
    const summary = (suite) => ({
      p50: percentile(light.get(suite), 50),
      p90: percentile(light.get(suite), 90),
      p99: percentile(light.get(suite), 99),
      loaded: loaded.get(suite),
    });
    return { off: summary(off), on: summary(on) };
  } finally {
    for (const pool of pools.values()) await pool.close();
    await off.stop();
    await on.stop();
  }
}

const { off, on } = await requestPath();
const writer = await withDatabase(writerThroughput);
const addedP50Ms = (on.p50 - off.p50) / 1000;
const µs = (value) => value.toFixed(0);
const lines = [
  `Run: \`node bench/audit-overhead.mjs\` (${rounds} interleaved rounds of ${perRound} sequential calls per suite, HTTP runs of ${seconds} s, ${records} records per writer mode), ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| facade `tools/call ping` | audit off | audit on | difference |',
  '|---|---|---|---|',
  `| one connection, sequential: p50 µs | ${µs(off.p50)} | ${µs(on.p50)} | ${addedP50Ms.toFixed(3)} ms ${addedP50Ms <= 0.1 ? '✅' : '❌'} (target ≤ 0.1 ms) |`,
  `| one connection, sequential: p90 / p99 µs | ${µs(off.p90)} / ${µs(off.p99)} | ${µs(on.p90)} / ${µs(on.p99)} | |`,
  `| 50 connections, req/s | ${Math.round(off.loaded.rps)} | ${Math.round(on.loaded.rps)} | ${((on.loaded.rps / off.loaded.rps - 1) * 100).toFixed(1)} % |`,
  `| 50 connections, p50 / p99 ms | ${off.loaded.p50} / ${off.loaded.p99} | ${on.loaded.p50} / ${on.loaded.p99} | |`,
  '',
  '| audit writer | records/s | ratio |',
  '|---|---|---|',
  `| one INSERT per record | ${Math.round(writer.single)} | 1 |`,
  `| batches of 500 (one \`INSERT … SELECT unnest(…)\`) | ${Math.round(writer.batched)} | ${(writer.batched / writer.single).toFixed(1)}× ${writer.batched / writer.single >= 10 ? '✅' : '❌'} (target ≥ 10×) |`,
];
replaceSection('bench:audit-overhead', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
