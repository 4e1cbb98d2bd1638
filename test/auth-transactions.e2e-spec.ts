import pino from 'pino';
import 'reflect-metadata';
import { TypeOrmUnitOfWork, dataSourceOptions, runMigrations } from '@lfc/database';
import { MemoryKeyValueStore } from '@lfc/kv';
import { DataSource } from 'typeorm';
import { Actor, CLI_ACTOR } from '../apps/auth/src/access/actor';
import { Announcer } from '../apps/auth/src/access/announcer';
import { AuditTrail } from '../apps/auth/src/audit/audit-trail';
import { authDatabase } from '../apps/auth/src/database';
import { RotateSigningKeyUseCase } from '../apps/auth/src/jwt/rotate-signing-key.use-case';
import { SigningKeys } from '../apps/auth/src/jwt/signing-keys';
import { TypeOrmApiKeysRepository } from '../apps/auth/src/keys/api-keys.repository';
import { CreateApiKeyUseCase } from '../apps/auth/src/keys/create-api-key.use-case';
import { KeyEvents } from '../apps/auth/src/keys/key-events';
import { RevokeApiKeyUseCase } from '../apps/auth/src/keys/revoke-api-key.use-case';
import { RotateApiKeyUseCase } from '../apps/auth/src/keys/rotate-api-key.use-case';
import { UpdateUserUseCase } from '../apps/auth/src/users/update-user.use-case';
import { UserEvents } from '../apps/auth/src/users/user-events';
import { TypeOrmUsersRepository } from '../apps/auth/src/users/users.repository';
import { createTestDatabase } from './support/suite';

jest.setTimeout(60_000);

const policy = { defaultPerMinute: 100, defaultPerHour: 1000, rotationGraceSeconds: 60, maxKeysPerUser: 5 };

/**
 * An actor whose audit record PostgreSQL refuses (`key_id` is a uuid column): the use case's other
 * writes have been made by then, so only a transaction around all of them leaves nothing behind.
 */
const refusedByTheAuditTable: Actor = { ...CLI_ACTOR, channel: 'api', keyId: 'not-a-uuid' };

describe('auth use cases commit all their writes, audit record included, or none (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let source: DataSource;
  let users: TypeOrmUsersRepository;
  let keys: TypeOrmApiKeysRepository;
  let audit: AuditTrail;
  let unitOfWork: TypeOrmUnitOfWork;
  let keyEvents: KeyEvents;
  let ownerId: string;

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await source.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${sql}`, params))[0]!.n);

  beforeAll(async () => {
    database = await createTestDatabase();
    source = new DataSource(dataSourceOptions(authDatabase(database.url, 4)));
    await source.initialize();
    await runMigrations(source, 'auth');
    users = new TypeOrmUsersRepository(source);
    keys = new TypeOrmApiKeysRepository(source);
    audit = new AuditTrail(source);
    unitOfWork = new TypeOrmUnitOfWork(source);
    keyEvents = new KeyEvents(new Announcer(new MemoryKeyValueStore(), pino({ enabled: false })));
    ownerId = (
      await users.create({ username: 'owner', email: 'owner@example.com', role: 'developer', passwordHash: null })
    ).id;
  });

  afterAll(async () => {
    await source?.destroy();
    await database?.drop();
  });

  const createKey = (name: string, actor: Actor = CLI_ACTOR) =>
    new CreateApiKeyUseCase(keys, users, audit, unitOfWork, policy).execute(actor, { userId: ownerId, name });

  it('rotates a key: new key, old key ended and the record, all three committed', async () => {
    const { apiKey } = await createKey('rotated');
    const rotated = await new RotateApiKeyUseCase(keys, keyEvents, audit, unitOfWork, policy).execute(
      CLI_ACTOR,
      apiKey.id,
    );
    expect((await keys.findById(apiKey.id))?.replacedBy).toBe(rotated.apiKey.id);
    expect(
      await count(`auth.audit_logs WHERE action = 'api_key.rotate' AND resource = $1`, [`api_key:${apiKey.id}`]),
    ).toBe(1);
  });

  it('leaves no new key and the old key untouched when the rotation record is refused', async () => {
    const { apiKey } = await createKey('not rotated');
    const keysBefore = await count('auth.api_keys');
    const recordsBefore = await count('auth.audit_logs');
    await expect(
      new RotateApiKeyUseCase(keys, keyEvents, audit, unitOfWork, policy).execute(refusedByTheAuditTable, apiKey.id),
    ).rejects.toThrow(/uuid/);
    expect(await count('auth.api_keys')).toBe(keysBefore);
    expect(await keys.findById(apiKey.id)).toMatchObject({ replacedBy: null, expiresAt: null, revokedAt: null });
    expect(await count('auth.audit_logs')).toBe(recordsBefore);
  });

  it('creates no key when its record is refused, and the cap is not taken by it', async () => {
    const keysBefore = await count('auth.api_keys');
    await expect(createKey('never stored', refusedByTheAuditTable)).rejects.toThrow(/uuid/);
    expect(await count('auth.api_keys')).toBe(keysBefore);
    expect(await keys.findByOwnerAndName(ownerId, 'never stored')).toBeNull();
  });

  it('leaves a key live when its revocation record is refused', async () => {
    const { apiKey } = await createKey('still live');
    await expect(
      new RevokeApiKeyUseCase(keys, keyEvents, audit, unitOfWork).execute(refusedByTheAuditTable, apiKey.id),
    ).rejects.toThrow(/uuid/);
    expect(await keys.findById(apiKey.id)).toMatchObject({ isActive: true, revokedAt: null });
  });

  it('neither deactivates a user nor raises their token version when the record is refused', async () => {
    const before = (await users.findById(ownerId))!;
    const userEvents = new UserEvents(new Announcer(new MemoryKeyValueStore(), pino({ enabled: false })));
    await expect(
      new UpdateUserUseCase(users, keys, keyEvents, userEvents, audit, unitOfWork).execute(
        refusedByTheAuditTable,
        ownerId,
        { isActive: false },
      ),
    ).rejects.toThrow(/uuid/);
    expect(await users.findById(ownerId)).toMatchObject({ isActive: true, tokenVersion: before.tokenVersion });
  });

  it('keeps signing with the current key when the rotation record is refused', async () => {
    const signingKeys = new SigningKeys(
      source,
      { issuer: 'lfc', audience: 'lfc', ttlSeconds: 900, rotationDays: 30 },
      audit,
    );
    await signingKeys.onApplicationBootstrap();
    const current = async () =>
      (await source.query<{ kid: string }[]>('SELECT kid FROM auth.signing_keys WHERE retired_at IS NULL'))
        .map((row) => row.kid)
        .sort();
    const before = await current();
    await expect(
      new RotateSigningKeyUseCase(signingKeys, audit, unitOfWork).execute(refusedByTheAuditTable),
    ).rejects.toThrow(/uuid/);
    expect(await current()).toEqual(before);
    expect(await count('auth.signing_keys')).toBe(before.length);
  });
});
