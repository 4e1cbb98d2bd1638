// `node bench/audit-overhead.mjs` — the request audit's cost, in one run:
//   1. tools/call through the gateway with the audit on vs off (same machine, same run);
//   2. the audit writer's batched insert vs one INSERT per record, on the same PostgreSQL.
// Needs PostgreSQL at LFC_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { measure, replaceSection, startSuite } from './lib.mjs';

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
    id: randomUUID(), writerId: 'bench', seq, timestamp: new Date().toISOString(), keyId: randomUUID(), userId: randomUUID(),
    action: 'POST /api/v1/tools/call', resource: 'ping', ipAddress: '127.0.0.1', userAgent: 'bench', statusCode: 200,
    latencyMs: 1.234, requestId: randomUUID(), details: { via: 'api_key', argumentNames: ['message'] },
    prevHash: '0'.repeat(64), hash: '1'.repeat(64),
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
  for (let index = 0; index < batched.length; index += 500) await insertAuditBatch(pool, batched.slice(index, index + 500));
  const batchedSeconds = (performance.now() - started) / 1000;
  await pool.end();
  return { single: records / singleSeconds, batched: records / batchedSeconds };
}

async function requestPath(auditEnabled) {
  const suite = await startSuite({ LFC_AUDIT_ENABLED: auditEnabled ? 'true' : 'false' });
  try {
    const body = JSON.stringify({ name: 'ping', arguments: {} });
    const url = `${suite.url}/api/v1/tools/call`;
    const headers = { 'x-api-key': suite.apiKey };
    const loaded = await measure(url, { headers, body, connections: 50, seconds });
    const light = await measure(url, { headers, body, connections: 1, seconds: Math.max(3, seconds / 2) });
    return { loaded, light };
  } finally {
    await suite.stop();
  }
}

const off = await requestPath(false);
const on = await requestPath(true);
const writer = await withDatabase(writerThroughput);
const lines = [
  `Run: \`node bench/audit-overhead.mjs\` (HTTP runs of ${seconds} s, ${records} records per writer mode), ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| facade `tools/call ping` | audit off | audit on | difference |',
  '|---|---|---|---|',
  `| 1 connection, p50 ms | ${off.light.p50} | ${on.light.p50} | ${(on.light.p50 - off.light.p50).toFixed(2)} ms (target ≤ 0.1 ms; autocannon reports whole ms) |`,
  `| 1 connection, req/s | ${Math.round(off.light.rps)} | ${Math.round(on.light.rps)} | ${(((on.light.rps / off.light.rps) - 1) * 100).toFixed(1)} % |`,
  `| 50 connections, req/s | ${Math.round(off.loaded.rps)} | ${Math.round(on.loaded.rps)} | ${(((on.loaded.rps / off.loaded.rps) - 1) * 100).toFixed(1)} % |`,
  `| 50 connections, p50 / p99 ms | ${off.loaded.p50} / ${off.loaded.p99} | ${on.loaded.p50} / ${on.loaded.p99} | |`,
  '',
  '| audit writer | records/s | ratio |',
  '|---|---|---|',
  `| one INSERT per record | ${Math.round(writer.single)} | 1 |`,
  `| batches of 500 (one \`INSERT … SELECT unnest(…)\`) | ${Math.round(writer.batched)} | ${(writer.batched / writer.single).toFixed(1)}× ${writer.batched / writer.single >= 10 ? '✅' : '❌'} (target ≥ 10×) |`,
  '',
  `At one connection the added time per request is ${((1000 / on.light.rps) - (1000 / off.light.rps)).toFixed(3)} ms (from the request rates: 1/rate is the mean latency).`,
];
replaceSection('bench:audit-overhead', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
