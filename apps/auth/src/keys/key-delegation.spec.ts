import { InMemoryUnitOfWork } from '@lfc/database/testing';
import { DomainError } from '@lfc/common';
import { MANAGEMENT_SCOPES } from '@lfc/contracts';
import { randomUUID } from 'node:crypto';
import { Actor, Holdings } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyChanges, ApiKeysRepository, NewApiKey } from './api-keys.repository';
import { CreateApiKeyUseCase } from './create-api-key.use-case';
import { KeyEvents } from './key-events';
import { KeyPolicySettings } from './key-policy';
import { RotateApiKeyUseCase } from './rotate-api-key.use-case';
import { UpdateApiKeyUseCase } from './update-api-key.use-case';

/** The keys table as far as these use cases read and write it. */
class InMemoryKeys implements Pick<
  ApiKeysRepository,
  'findById' | 'findByOwnerAndName' | 'create' | 'createWithinCap' | 'update'
> {
  readonly rows = new Map<string, ApiKeyEntity>();

  async findById(id: string) {
    return this.rows.get(id) ?? null;
  }

  async findByOwnerAndName(userId: string, name: string) {
    return [...this.rows.values()].find((key) => key.userId === userId && key.name === name) ?? null;
  }

  async create(key: NewApiKey) {
    const row = Object.assign(new ApiKeyEntity(), {
      ...key,
      id: randomUUID(),
      bootstrap: key.bootstrap ?? false,
      permissions: {},
      isActive: true,
      createdAt: new Date(),
      revokedAt: null,
      lastUsed: null,
      replacedBy: null,
    });
    this.rows.set(row.id, row);
    return row;
  }

  async createWithinCap(key: NewApiKey, cap: number, now: Date) {
    const active = [...this.rows.values()].filter(
      (row) => row.userId === key.userId && row.isActive && !row.revokedAt && (!row.expiresAt || row.expiresAt > now),
    );
    return active.length >= cap ? null : this.create(key);
  }

  async update(id: string, changes: ApiKeyChanges) {
    Object.assign(this.rows.get(id) ?? {}, changes);
  }
}

const OWNER = Object.assign(new UserEntity(), { id: randomUUID(), role: 'developer', isActive: true });
const policy: KeyPolicySettings = {
  defaultPerMinute: 100,
  defaultPerHour: 1000,
  rotationGraceSeconds: 60,
  maxKeysPerUser: 3,
};

function actorHolding(holds: Partial<Holdings>, keyId: string | null = null): Actor {
  return {
    userId: OWNER.id,
    keyId,
    role: 'developer',
    ip: '127.0.0.1',
    requestId: 'r',
    userAgent: null,
    channel: 'api',
    holds: {
      via: 'api_key',
      scopes: ['*'],
      allowedIps: [],
      confirmDestructiveCalls: false,
      limits: { perMinute: 100, perHour: 1000 },
      expiresAt: null,
      authTime: null,
      ...holds,
    },
  };
}

describe('keys get no more than the credential creating, changing or rotating them holds', () => {
  let keys: InMemoryKeys;
  let create: CreateApiKeyUseCase;
  let update: UpdateApiKeyUseCase;
  let rotate: RotateApiKeyUseCase;

  beforeEach(() => {
    keys = new InMemoryKeys();
    const users = { findById: async (id: string) => (id === OWNER.id ? OWNER : null) } as UsersRepository;
    const audit = { record: jest.fn() } as unknown as AuditTrail;
    const events = { changed: jest.fn() } as unknown as KeyEvents;
    const repository = keys as unknown as ApiKeysRepository;
    create = new CreateApiKeyUseCase(repository, users, audit, new InMemoryUnitOfWork(), policy);
    update = new UpdateApiKeyUseCase(repository, events, audit, new InMemoryUnitOfWork(), policy);
    rotate = new RotateApiKeyUseCase(repository, events, audit, new InMemoryUnitOfWork(), policy);
  });

  /** A key of the owner, as an admin would have made it, and an actor holding exactly what it holds. */
  async function existing(settings: Partial<NewApiKey>): Promise<{ key: ApiKeyEntity; actor: Actor }> {
    const key = await keys.create({
      userId: OWNER.id,
      keyHash: randomUUID(),
      keyPrefix: 'lfc_x',
      name: randomUUID(),
      role: 'developer',
      scopes: ['*'],
      rateLimitPerMinute: 100,
      rateLimitPerHour: 1000,
      allowedIps: [],
      confirmDestructiveCalls: false,
      expiresAt: null,
      createdBy: null,
      ...settings,
    });
    const actor = actorHolding(
      {
        scopes: key.scopes,
        allowedIps: key.allowedIps,
        confirmDestructiveCalls: key.confirmDestructiveCalls,
        limits: { perMinute: key.rateLimitPerMinute, perHour: key.rateLimitPerHour },
        expiresAt: key.expiresAt?.getTime() ?? null,
      },
      key.id,
    );
    return { key, actor };
  }

  it('gives a new key ["*"] by default: every tool, no management scope', async () => {
    const { apiKey } = await create.execute(actorHolding({ scopes: ['*', ...MANAGEMENT_SCOPES] }), { name: 'tools' });
    expect(apiKey.scopes).toEqual(['*']);
  });

  it('refuses a key limited to ["ping"] and one CIDR widening itself by PATCH to ["*"] and no allow-list', async () => {
    const { key, actor } = await existing({ scopes: ['ping', 'admin:keys'], allowedIps: ['198.51.100.0/24'] });
    await expect(update.execute(actor, key.id, { scopes: ['*'] })).rejects.toMatchObject({
      code: 'exceeds_creator',
      details: { field: 'scopes' },
    });
    await expect(update.execute(actor, key.id, { allowedIps: [] })).rejects.toMatchObject({
      code: 'exceeds_creator',
      details: { field: 'allowedIps' },
    });
    expect(keys.rows.get(key.id)).toMatchObject({ scopes: ['ping', 'admin:keys'], allowedIps: ['198.51.100.0/24'] });
    // Narrowing is fine.
    await expect(update.execute(actor, key.id, { allowedIps: ['198.51.100.7'] })).resolves.toMatchObject({
      allowedIps: ['198.51.100.7/32'],
    });
  });

  it('refuses that key creating an unlimited key, one without its CIDR, with wider scopes, or outliving it', async () => {
    const { actor: keyActor } = await existing({
      scopes: ['ping', 'admin:keys'],
      allowedIps: ['198.51.100.0/24'],
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    // An admin's key: the role would allow unlimited keys, the key's own limits do not.
    const actor: Actor = { ...keyActor, role: 'admin' };
    const fenced = { allowedIps: ['198.51.100.0/25'], scopes: ['ping'], expiresAt: new Date(Date.now() + 60_000) };
    const field = async (command: Parameters<CreateApiKeyUseCase['execute']>[1]) =>
      create.execute(actor, command).then(
        () => 'created',
        (error: unknown) => (error as DomainError).details?.field,
      );
    expect(await field({ name: 'a', ...fenced, rateLimitPerMinute: null })).toBe('limits');
    expect(await field({ name: 'b', ...fenced, allowedIps: undefined })).toBe('allowedIps');
    expect(await field({ name: 'c', ...fenced, scopes: undefined })).toBe('scopes');
    expect(await field({ name: 'd', ...fenced, expiresAt: null })).toBe('expiresAt');
    expect(await field({ name: 'e', ...fenced })).toBe('created');
  });

  it('gives a key its creator’s confirmation policy by default, and lets no confirming key drop it', async () => {
    const { key, actor } = await existing({ confirmDestructiveCalls: true });
    const { apiKey } = await create.execute(actor, { name: 'inherits' });
    expect(apiKey.confirmDestructiveCalls).toBe(true);
    await expect(create.execute(actor, { name: 'drops', confirmDestructiveCalls: false })).rejects.toMatchObject({
      code: 'exceeds_creator',
      details: { field: 'confirmDestructiveCalls' },
    });
    await expect(update.execute(actor, key.id, { confirmDestructiveCalls: false })).rejects.toMatchObject({
      code: 'exceeds_creator',
    });
    const { key: lax, actor: laxActor } = await existing({});
    await expect(update.execute(laxActor, lax.id, { confirmDestructiveCalls: true })).resolves.toMatchObject({
      confirmDestructiveCalls: true,
    });
  });

  it('refuses a narrow key rotating a wider sibling (it would receive the sibling’s secret)', async () => {
    const { key: wide } = await existing({ scopes: ['*', 'admin:keys'] });
    const { actor } = await existing({ scopes: ['ping', 'admin:keys'] });
    await expect(rotate.execute(actor, wide.id)).rejects.toMatchObject({
      code: 'exceeds_creator',
      details: { field: 'scopes' },
    });
    const { actor: equal } = await existing({ scopes: ['*', 'admin:keys'] });
    await expect(rotate.execute(equal, wide.id)).resolves.toMatchObject({ apiKey: { scopes: ['*', 'admin:keys'] } });
  });

  it('caps the active keys of a user and says which setting limits them', async () => {
    const actor = actorHolding({});
    for (const name of ['one', 'two', 'three']) await create.execute(actor, { name });
    await expect(create.execute(actor, { name: 'four' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('LFC_MAX_KEYS_PER_USER'),
    });
  });
});
