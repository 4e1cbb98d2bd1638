import 'reflect-metadata';
import { GENESIS_HASH, verifyChain } from '@lfc/common';
import { MigrationClass, dataSourceOptions, runMigrations } from '@lfc/database';
import { DataSource } from 'typeorm';
import { Actor, CLI_ACTOR } from '../apps/auth/src/access/actor';
import {
  AUDIT_LOG_COLUMNS,
  AuditLogRow,
  AuthAuditRecord,
  auditHash,
  auditRecordOf,
} from '../apps/auth/src/audit/audit-chain';
import { AuditTrail } from '../apps/auth/src/audit/audit-trail';
import { authDatabase } from '../apps/auth/src/database';
import { EMBEDDED_POSTGRES, startEmbeddedPostgres } from './support/embedded-postgres';
import { createTestDatabase } from './support/suite';

jest.setTimeout(60_000);

interface Database {
  url: string;
  close: () => Promise<void>;
}

async function embeddedDatabase(): Promise<Database> {
  const embedded = await startEmbeddedPostgres();
  return { url: embedded.url, close: embedded.stop };
}

async function serverDatabase(): Promise<Database> {
  const database = await createTestDatabase();
  return { url: database.url, close: database.drop };
}

const actor = (overrides: Partial<Actor> = {}): Actor => ({ ...CLI_ACTOR, channel: 'api', ...overrides });

// Under the PGlite fallback (no PostgreSQL on the machine) the server row would be PGlite again.
type Opener = [name: string, open: () => Promise<Database>];
const onPglite: Opener = ['embedded PGlite', embeddedDatabase];
const databases: Opener[] = EMBEDDED_POSTGRES ? [onPglite] : [['PostgreSQL', serverDatabase], onPglite];

describe.each(databases)('the auth audit chain on %s', (_name, open) => {
  let database: Database;
  const sources: DataSource[] = [];

  /** A connection pool on the test database that knows the first `count` auth migrations. */
  async function connect(count = 3): Promise<DataSource> {
    const options = authDatabase(database.url, 4);
    const migrations = (options.migrations as (string | MigrationClass)[]).slice(0, count);
    const source = new DataSource(dataSourceOptions({ ...options, migrations }));
    await source.initialize();
    sources.push(source);
    return source;
  }

  async function storedChain(source: DataSource): Promise<AuthAuditRecord[]> {
    const rows = await source.query<AuditLogRow[]>(`SELECT ${AUDIT_LOG_COLUMNS} FROM auth.audit_logs ORDER BY seq`);
    return rows.map(auditRecordOf);
  }

  const verify = (records: AuthAuditRecord[]) =>
    verifyChain(records, ({ prevHash, hash: _hash, ...fields }) => auditHash(prevHash, fields), {
      fromSeq: 1,
      toSeq: records.length,
      anchorHash: GENESIS_HASH,
    });

  beforeAll(async () => {
    database = await open();
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await database?.close();
  });

  it('chains the rows written before the migration in (timestamp, id) order, as the runtime hashes them', async () => {
    const before = await connect(2);
    await runMigrations(before, 'auth');
    // Inserted out of time order, with microseconds, a tie on the timestamp, an uncompressed IPv6
    // address and jsonb whose keys and numbers PostgreSQL normalises.
    await before.query(`
      INSERT INTO auth.audit_logs (id, user_id, key_id, action, resource, details, ip_address, request_id, timestamp) VALUES
        ('00000000-0000-4000-8000-000000000003', NULL, NULL, 'api_key.revoke', 'api_key:x', '{"role": "admin", "channel": "cli"}', NULL, NULL, '2025-11-01 10:00:02.000001+00'),
        ('00000000-0000-4000-8000-000000000002', '11111111-1111-4111-8111-111111111111', NULL, 'user.create', 'user:1', '{"z": 1.50, "a": {"y": [1, {"d": null, "c": "x"}]}}', '2001:0DB8:0000:0000:0000:0000:0000:0001', 'req-2', '2025-11-01 10:00:01.123456+00'),
        ('00000000-0000-4000-8000-000000000001', NULL, '22222222-2222-4222-8222-222222222222', 'api_key.create', 'api_key:y', '{}', '10.1.2.3', 'req-1', '2025-11-01 10:00:01.123456+00')`);
    await before.destroy();
    sources.splice(sources.indexOf(before), 1);

    const source = await connect();
    expect(await runMigrations(source, 'auth')).toEqual(['AuthAuditChain1764300000000']);
    const chain = await storedChain(source);
    expect(chain.map((record) => [record.seq, record.id])).toEqual([
      [1, '00000000-0000-4000-8000-000000000001'],
      [2, '00000000-0000-4000-8000-000000000002'],
      [3, '00000000-0000-4000-8000-000000000003'],
    ]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    expect(chain[1]!.ipAddress).toBe('2001:db8::1');
    expect(verify(chain)).toEqual({ ok: true, checked: 3, firstBreak: null });
  });

  it('appends records whose hash matches the row as PostgreSQL reads it back', async () => {
    const source = await connect();
    const trail = new AuditTrail(source);
    const written = await trail.record(
      actor({ userId: 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA', ip: '2001:0DB8:0:0:0:0:0:0002', requestId: 'req-ipv6' }),
      'user.update',
      'user:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      { when: new Date('2025-11-02T00:00:00Z'), skipped: undefined, amount: 1.5, zeta: { b: 2, a: 1 } },
    );
    await trail.record(actor({ ip: 'fe80::1%eth0' }), 'signing_key.rotate', 'signing_key:k1');
    const chain = await storedChain(source);
    const stored = chain.find((record) => record.id === written.id)!;
    expect(stored).toEqual(written);
    expect(stored).toMatchObject({ seq: 4, userId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', ipAddress: '2001:db8::2' });
    expect(stored.details).toEqual({
      when: '2025-11-02T00:00:00.000Z',
      amount: 1.5,
      zeta: { a: 1, b: 2 },
      channel: 'api',
      role: 'admin',
    });
    expect(chain[4]).toMatchObject({ seq: 5, ipAddress: 'fe80::1', prevHash: stored.hash });
    expect(verify(chain)).toEqual({ ok: true, checked: 5, firstBreak: null });
  });

  it('keeps seq consecutive and the chain whole when writers on separate pools race', async () => {
    const [one, two] = [await connect(), await connect()];
    const trails = [new AuditTrail(one), new AuditTrail(two)];
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        trails[index % 2]!.record(actor({ requestId: `race-${index}` }), 'api_key.create', `api_key:${index}`),
      ),
    );
    const chain = await storedChain(one);
    expect(chain.map((record) => record.seq)).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
    expect(verify(chain).ok).toBe(true);
    const times = chain.slice(5).map((record) => Date.parse(record.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('drops the chain columns on the way down and rebuilds the chain on the way up', async () => {
    const source = await connect();
    await source.undoLastMigration({ transaction: 'each' });
    const columns = await source.query<unknown[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'auth' AND table_name = 'audit_logs' AND column_name IN ('seq', 'prev_hash', 'hash')`,
    );
    expect(columns).toEqual([]);
    expect(await runMigrations(source, 'auth')).toEqual(['AuthAuditChain1764300000000']);
    const chain = await storedChain(source);
    expect(chain).toHaveLength(25);
    expect(verify(chain).ok).toBe(true);
  });

  it('adds the token version and cutoff of each user (0 and none for users already there), and drops them on the way down', async () => {
    const source = await connect(4);
    await source.query(
      `INSERT INTO auth.users (username, email, role) VALUES ('before', 'before@example.com', 'user')`,
    );
    expect(await runMigrations(source, 'auth')).toEqual(['AddTokenCutoffs1764400000000']);
    const [user] = await source.query<{ token_version: number; tokens_not_before: Date | null }[]>(
      `SELECT token_version, tokens_not_before FROM auth.users WHERE email = 'before@example.com'`,
    );
    expect(user).toEqual({ token_version: 0, tokens_not_before: null });
    await source.undoLastMigration({ transaction: 'each' });
    const columns = await source.query<unknown[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'auth' AND table_name = 'users' AND column_name IN ('token_version', 'tokens_not_before')`,
    );
    expect(columns).toEqual([]);
    expect(await runMigrations(source, 'auth')).toEqual(['AddTokenCutoffs1764400000000']);
  });

  it('marks the bootstrap keys already there (by name, no creator) and adds the last TOTP step, and drops both on the way down', async () => {
    // PGlite's server takes 64 connections: the pools of the tests before are done with.
    await Promise.all(sources.splice(0).map((earlier) => earlier.destroy()));
    const source = await connect(5);
    const [owner] = await source.query<{ id: string }[]>(
      `INSERT INTO auth.users (username, email, role) VALUES ('admin', 'admin@example.com', 'admin') RETURNING id`,
    );
    await source.query(
      `INSERT INTO auth.api_keys (user_id, key_hash, key_prefix, name, role, created_by) VALUES
        ($1, 'h1', 'lfc_1', 'bootstrap (configured)', 'admin', NULL),
        ($1, 'h2', 'lfc_2', 'bootstrap', 'admin', NULL),
        ($1, 'h3', 'lfc_3', 'bootstrap', 'admin', $1),
        ($1, 'h4', 'lfc_4', 'flow', 'admin', NULL)`,
      [owner!.id],
    );
    expect(await runMigrations(source, 'auth')).toEqual(['SingleUseCodesAndBootstrapKeys1764600000000']);
    const marked = await source.query<{ key_hash: string }[]>(
      `SELECT key_hash FROM auth.api_keys WHERE bootstrap ORDER BY key_hash`,
    );
    expect(marked.map((row) => row.key_hash)).toEqual(['h1', 'h2']);
    const [user] = await source.query<{ totp_last_step: string | null }[]>(
      `SELECT totp_last_step FROM auth.users WHERE id = $1`,
      [owner!.id],
    );
    expect(user).toEqual({ totp_last_step: null });
    await source.undoLastMigration({ transaction: 'each' });
    const columns = await source.query<unknown[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'auth' AND column_name IN ('bootstrap', 'totp_last_step')`,
    );
    expect(columns).toEqual([]);
    expect(await runMigrations(source, 'auth')).toEqual(['SingleUseCodesAndBootstrapKeys1764600000000']);
  });
});
