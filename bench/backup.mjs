// `node bench/backup.mjs` — how long `lfc backup` and `lfc restore` take on a realistic database:
//   1. a fresh database on the machine's PostgreSQL, migrated (`node dist/scripts/migrate.js`);
//   2. 100,000 request audit records and 100,000 ledger rows over 30 days (the seed of
//      bench/console-reports.mjs) and 200 files of 64 KiB in a local blob folder;
//   3. `lfc backup` while nothing else runs, the three schemas and the files dropped, `lfc restore`,
//      each timed as the operator sees it (the whole process, start-up included), and the restored
//      row counts and files checked against the originals.
// Writes its section of docs/benchmarks.md; run `npx prettier --write docs/benchmarks.md` after.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ROOT, realStores, replaceSection } from './lib.mjs';
import { seed } from './support/report-seed.mjs';

const require = createRequire(import.meta.url);
const { LocalFolderBlobStore } = require('../dist/apps/tool-executor/src/storage/local-folder.blob-store.js');

const run = promisify(execFile);
const ROWS = Number(process.env.LFC_BENCH_BACKUP_ROWS ?? 100_000);
const FILES = Number(process.env.LFC_BENCH_BACKUP_FILES ?? 200);
const FILE_BYTES = 64 * 1024;

const stores = await realStores();
const work = mkdtempSync(join(tmpdir(), 'lfc-bench-backup-'));
const env = { ...process.env, ...stores.env, LFC_BLOB_DIR: join(work, 'blobs') };
const db = new pg.Client({ connectionString: env.DATABASE_URL });

async function timed(...args) {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [join(ROOT, 'dist', 'apps', 'auth', 'src', 'cli.js'), ...args], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { seconds: (performance.now() - started) / 1000, answer: JSON.parse(stdout) };
}

const counts = async () =>
  (
    await db.query(
      `SELECT (SELECT count(*) FROM gateway.audit_logs) AS audit, (SELECT count(*) FROM accounting.cost_tracking) AS ledger`,
    )
  ).rows[0];

let result;
try {
  await run(process.execPath, [join(ROOT, 'dist', 'scripts', 'migrate.js')], { env });
  await db.connect();
  const seeded = await seed(db, { developerId: randomUUID(), developerKeyId: randomUUID() }, ROWS);
  const store = new LocalFolderBlobStore(env.LFC_BLOB_DIR);
  for (let index = 0; index < FILES; index++)
    await store.put(
      `tenants/bench/file-${index}.bin`,
      Buffer.alloc(FILE_BYTES, index % 256),
      'application/octet-stream',
    );
  const before = await counts();

  const backupDir = join(work, 'backup');
  const backup = await timed('backup', backupDir);
  const { stdout: size } = await run('du', ['-sb', backupDir]);
  await db.query('DROP SCHEMA gateway, auth, accounting CASCADE');
  rmSync(env.LFC_BLOB_DIR, { recursive: true, force: true });
  const restore = await timed('restore', backupDir);
  const after = await counts();
  const restoredFiles = (await store.list('', { recursive: true, limit: FILES + 1 })).objects.length;
  if (after.audit !== before.audit || after.ledger !== before.ledger || restoredFiles !== FILES)
    throw new Error(
      `restored ${JSON.stringify(after)} and ${restoredFiles} files, expected ${JSON.stringify(before)} and ${FILES}`,
    );
  result = { seeded, backup, restore, bytes: Number(size.split('\t')[0]) };
} finally {
  await db.end();
  await stores.remove();
  rmSync(work, { recursive: true, force: true });
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const { backup, restore } = result;
const lines = [
  `Run: \`node bench/backup.mjs\` (PostgreSQL 15 on this machine, ${ROWS.toLocaleString('en')} request audit records and ${ROWS.toLocaleString('en')} ledger rows seeded over 30 days, ${FILES} files of ${FILE_BYTES / 1024} KiB in the local blob folder; one run of each command, timed as a whole process; load average ${loadavg()[0].toFixed(1)} on 2 cores shared with other runs at the end), ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| step | wall time | what it did |',
  '|---|---|---|',
  `| \`lfc backup\` | ${backup.seconds.toFixed(1)} s | one repeatable-read snapshot of the 3 schemas (${Object.keys(backup.answer.rows).length} tables), ${FILES} blobs (${mb(backup.answer.blobs.bytes)}); backup folder ${mb(result.bytes)} |`,
  `| \`lfc restore\` | ${restore.seconds.toFixed(1)} s | backup checked (sizes and SHA-256), schemas dropped and migrated, rows loaded in one transaction and counted, blobs written |`,
];
replaceSection('bench:backup', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
