import {
  ServiceName,
  AuthChainVerificationSchema,
  RequestAuditWritersSchema,
  RequestChainVerificationSchema,
} from '@lfc/contracts';
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { adminCall, createKey, waitFor } from './support/admin-api';
import { ROOT, spawnService, stopProcess, waitForReady } from './support/processes';
import { RunningSuite, createTestDatabase } from './support/suite';
import { GENESIS_HASH } from '@lfc/common';
import { MigrationClass, dataSourceOptions, runMigrations } from '@lfc/database';
import { DataSource } from 'typeorm';
import { AUDIT_LOG_COLUMNS, AuditLogRow, auditHash, auditRecordOf } from '../apps/auth/src/audit/audit-chain';
import { authDatabase } from '../apps/auth/src/database';
import { runBackupCommand } from '../scripts/backup/command';
import { checkRestorable } from '../scripts/backup/database';
import { serviceDatabases } from '../scripts/service-databases';
import { readVerifiedManifest } from '../scripts/backup/manifest';

jest.setTimeout(300_000);
const run = promisify(execFile);
const CLI = join(ROOT, 'dist', 'apps', 'auth', 'src', 'cli.js');

/** Every byte value, which no text round trip would keep by accident. */
const CONTENT = Buffer.from(Array.from({ length: 512 }, (_, index) => (index * 7) % 256));

describe('lfc backup and lfc restore (real PostgreSQL, local blob store)', () => {
  let suite: RunningSuite;
  let work: string;
  let key: string;

  const lfc = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: suite.env });
  const lfcFails = async (...args: string[]): Promise<string> => {
    try {
      await lfc(...args);
    } catch (error) {
      return (error as { stderr: string }).stderr;
    }
    throw new Error(`lfc ${args.join(' ')} succeeded`);
  };
  const callTool = async (name: string, args: Record<string, unknown>) => {
    const response = await fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ name, arguments: args }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { isError: boolean; structuredContent: Record<string, unknown> };
  };
  const asAdmin = async (path: string, url = suite.gatewayUrl) => {
    const response = await fetch(`${url}${path}`, { headers: { 'x-api-key': suite.apiKey } });
    expect(response.status).toBe(200);
    return await response.json();
  };
  const writers = async () => RequestAuditWritersSchema.parse(await asAdmin('/api/v1/audit/writers')).writers;

  beforeAll(async () => {
    suite = await RunningSuite.start();
    work = mkdtempSync(join(tmpdir(), 'lfc-backup-'));
  });

  afterAll(async () => {
    await suite?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('restores both audit chains and the stored files of a dropped database, and refuses what it must', async () => {
    // Data in every part: auth's chained admin audit (a key), the gateway's request audit (the
    // calls), the ledger's seeded prices, and a file in the blob store.
    key = (await createKey(suite, { scopes: ['*'] })).key;
    expect(
      (await callTool('write_file', { path: 'kept/raw.bin', content: CONTENT.toString('base64'), encoding: 'base64' }))
        .isError,
    ).toBe(false);
    await callTool('ping', {});
    const tracked = await callTool('track_token_usage', {
      operation_id: 'before-backup',
      model: 'gpt-4o',
      input_tokens: 1000,
      output_tokens: 0,
    });
    expect(tracked.isError).toBe(false);
    await waitFor(async () => (await writers()).some((writer) => writer.lastSeq >= 3), 20_000, 200);
    const authHead = AuthChainVerificationSchema.parse(await asAdmin('/api/v1/auth/audit/verify', suite.authUrl));
    expect(authHead).toMatchObject({ ok: true, firstBreak: null });
    expect(authHead.checked).toBeGreaterThanOrEqual(1);

    const backup = join(work, 'backup');
    const taken = JSON.parse((await lfc('backup', backup)).stdout) as {
      rows: Record<string, number>;
      blobs: { count: number; bytes: number };
    };
    expect(taken.blobs).toEqual({ count: 1, bytes: CONTENT.length });
    expect(taken.rows['auth.audit_logs']).toBeGreaterThanOrEqual(authHead.checked);
    expect(taken.rows['gateway.audit_logs']).toBeGreaterThanOrEqual(2);
    expect(taken.rows['accounting.cost_tracking']).toBe(1);
    // The running monthly totals are derived from the ledger: left out, rebuilt by the restore.
    expect(taken.rows).not.toHaveProperty(['accounting.monthly_spend']);

    // The disaster: every service stopped, their schemas and the files gone.
    await Promise.all([...suite.gateways, ...suite.backends].map((service) => stopProcess(service.child)));
    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    await db.query('DROP SCHEMA gateway, auth, accounting CASCADE');
    rmSync(suite.env.LFC_BLOB_DIR!, { recursive: true, force: true });

    // A corrupt or unfinished backup is refused before anything is written (checked in-process: the
    // CLI runs the same function, and its message path is shown by the refusal below).
    const corrupt = join(work, 'corrupt');
    cpSync(backup, corrupt, { recursive: true });
    appendFileSync(join(corrupt, 'database', 'auth.audit_logs.ndjson.gz'), 'x');
    await expect(readVerifiedManifest(corrupt)).rejects.toThrow(
      /corrupt is not a usable backup: database\/auth\.audit_logs\.ndjson\.gz has \d+ bytes, the manifest says \d+/,
    );
    const unfinished = join(work, 'unfinished');
    cpSync(backup, unfinished, { recursive: true });
    unlinkSync(join(unfinished, 'manifest.json'));
    await expect(readVerifiedManifest(unfinished)).rejects.toThrow(
      /manifest\.json is missing \(the backup did not finish/,
    );
    const tampered = join(work, 'tampered');
    cpSync(backup, tampered, { recursive: true });
    const blob = join(tampered, 'blobs', readdirSync(join(tampered, 'blobs'))[0]!);
    writeFileSync(blob, Buffer.alloc(CONTENT.length));
    await expect(readVerifiedManifest(tampered)).rejects.toThrow(
      /blobs\/[0-9a-f]{64} does not match its SHA-256 checksum/,
    );

    const restored = JSON.parse((await lfc('restore', backup)).stdout) as { rows: Record<string, number> };
    expect(restored.rows).toEqual(taken.rows);
    const totals = await db.query<{ scope: string; spent: string }>(
      `SELECT m.scope, m.spent_usd::text AS spent FROM accounting.monthly_spend m
         JOIN accounting.cost_tracking c ON m.subject_id = CASE m.scope WHEN 'key' THEN c.key_id ELSE c.user_id END
        WHERE m.spent_usd = c.cost_usd ORDER BY m.scope`,
    );
    expect(totals.rows.map((row) => row.scope)).toEqual(['key', 'user']);
    expect(await lfcFails('restore', backup)).toMatch(
      /^lfc: the database holds data in gateway \(audit_logs has rows\), auth .*pass --force to replace it/,
    );
    await db.end();

    // The services start on the restored data, as after a real restore.
    suite.backends.forEach((service, index) => {
      suite.backends[index] = spawnService(
        service.name,
        service.port,
        suite.envOf(service.name as ServiceName),
        suite.logDir,
      );
    });
    const [old] = suite.gateways;
    suite.gateways[0] = spawnService(
      'gateway',
      old!.port,
      { ...suite.envOf('gateway'), LFC_AUDIT_SPOOL_DIR: join(work, 'spool-after-restore') },
      suite.logDir,
    );
    await Promise.all([...suite.backends, ...suite.gateways].map((service) => waitForReady(service)));

    // Both chains verify end to end through the routes the console's check uses.
    const authAfter = AuthChainVerificationSchema.parse(await asAdmin('/api/v1/auth/audit/verify', suite.authUrl));
    expect(authAfter).toMatchObject({ ok: true, firstBreak: null });
    expect(authAfter.checked).toBeGreaterThanOrEqual(taken.rows['auth.audit_logs']!);
    const chains = await writers();
    expect(chains.length).toBeGreaterThanOrEqual(1);
    let checked = 0;
    for (const writer of chains) {
      const result = RequestChainVerificationSchema.parse(
        await asAdmin(`/api/v1/audit/verify?writerId=${encodeURIComponent(writer.writerId)}`),
      );
      expect({ writer: writer.writerId, ...result }).toMatchObject({
        writer: writer.writerId,
        ok: true,
        firstBreak: null,
      });
      checked += result.checked;
    }
    expect(checked).toBeGreaterThanOrEqual(taken.rows['gateway.audit_logs']!);

    // The key made before the backup still works, and the file reads back byte for byte.
    const read = await callTool('read_file', { path: 'kept/raw.bin', encoding: 'base64' });
    expect(read.isError).toBe(false);
    expect(Buffer.from(read.structuredContent.content as string, 'base64').equals(CONTENT)).toBe(true);
    const keys = await adminCall<{ keys?: unknown[] }>(suite, 'GET', '/api/v1/auth/keys', { apiKey: suite.apiKey });
    expect(keys.status).toBe(200);
  });

  it('restores a backup of an older release through the later migrations, and refuses one of a newer release', async () => {
    const source = await createTestDatabase();
    const target = await createTestDatabase();
    try {
      // auth at its first two migrations, with an admin audit record from before the hash chain existed.
      for (const options of serviceDatabases(source.url)) {
        const migrations = options.migrations as MigrationClass[];
        const early = {
          ...options,
          migrations: options.schema === 'auth' ? migrations.slice(0, 2) : migrations,
          // runMigrations holds one connection for its advisory lock while the migrations use another.
          poolSize: 2,
        };
        const dataSource = new DataSource(dataSourceOptions(early));
        await dataSource.initialize();
        await runMigrations(dataSource, options.schema);
        await dataSource.destroy();
      }
      const db = new Client({ connectionString: source.url });
      await db.connect();
      await db.query(
        `INSERT INTO auth.audit_logs (action, details) VALUES ('user.created', '{"email": "early@example.com"}')`,
      );
      await db.end();

      const older = join(work, 'older');
      const env = { ...suite.env, DATABASE_URL: source.url, LFC_BLOB_DIR: join(work, 'older-blobs') };
      // In-process this time (the CLI's own entry point, without a process start): the first case runs the CLI.
      await runBackupCommand(['backup', older], env);
      const manifest = await readVerifiedManifest(older);
      expect(manifest.database.schemas.find((schema) => schema.name === 'auth')?.migrations).toHaveLength(2);

      const restored = (await runBackupCommand(['restore', older], { ...env, DATABASE_URL: target.url })) as {
        schemas: Record<string, string>;
      };
      expect(restored.schemas.auth).toBe('AddIdentityFeatures1764100000000');
      const check = new Client({ connectionString: target.url });
      await check.connect();
      const { rows: applied } = await check.query<{ name: string }>('SELECT name FROM auth.auth_migrations');
      const { rows } = await check.query<AuditLogRow>(`SELECT ${AUDIT_LOG_COLUMNS} FROM auth.audit_logs`);
      await check.end();
      // The chain migration ran over the restored record, with the hash the service checks.
      expect(applied).toHaveLength((authDatabase(target.url).migrations as MigrationClass[]).length);
      expect(rows).toHaveLength(1);
      const { prevHash, hash, ...fields } = auditRecordOf(rows[0]!);
      expect({ seq: fields.seq, prevHash, hash }).toEqual({
        seq: 1,
        prevHash: GENESIS_HASH,
        hash: auditHash(GENESIS_HASH, fields),
      });

      const newer = {
        ...manifest,
        database: {
          ...manifest.database,
          schemas: manifest.database.schemas.map((schema) => ({
            ...schema,
            migrations: [...schema.migrations, 'Future1999999999999'],
          })),
        },
      };
      expect(() => checkRestorable(newer, serviceDatabases(target.url))).toThrow(
        /schema gateway has migration Future1999999999999, which this release does not have at that place/,
      );
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});
