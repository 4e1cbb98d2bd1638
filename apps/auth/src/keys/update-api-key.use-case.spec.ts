import { CLI_ACTOR } from '../access/actor';
import { KEY_POLICY_FOR_SPECS, apiActor, inMemoryAuth } from '../testing/in-memory';
import { UpdateApiKeyUseCase } from './update-api-key.use-case';

describe('UpdateApiKeyUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let update: UpdateApiKeyUseCase;
  let ownerId: string;

  beforeEach(() => {
    auth = inMemoryAuth();
    update = new UpdateApiKeyUseCase(auth.keys, auth.keyEvents, auth.audit, auth.unitOfWork, KEY_POLICY_FOR_SPECS);
    ownerId = auth.users.add({ role: 'developer' }).id;
  });

  const existing = () =>
    auth.keys.create({
      userId: ownerId,
      keyHash: 'b'.repeat(64),
      keyPrefix: 'lfc_bbbb',
      name: 'ci',
      role: 'developer',
      scopes: ['*'],
      rateLimitPerMinute: 50,
      rateLimitPerHour: 500,
      allowedIps: [],
      confirmDestructiveCalls: false,
      expiresAt: null,
      createdBy: null,
    });

  it('changes what is given, keeps the rest, audits the changed fields and then announces the key', async () => {
    const key = await existing();
    const view = await update.execute(CLI_ACTOR, key.id, {
      name: 'renamed',
      rateLimitPerMinute: 5,
      allowedIps: ['192.168.1.7'],
    });
    expect(auth.keys.rows[0]).toMatchObject({
      name: 'renamed',
      rateLimitPerMinute: 5,
      rateLimitPerHour: 500,
      allowedIps: ['192.168.1.7/32'],
      scopes: ['*'],
    });
    expect(view).toMatchObject({ name: 'renamed', rateLimits: { perMinute: 5, perHour: 500 } });
    expect(auth.audit.records).toEqual([
      expect.objectContaining({
        action: 'api_key.update',
        details: { changes: ['name', 'rateLimitPerMinute', 'rateLimitPerHour', 'allowedIps'] },
      }),
    ]);
    expect(auth.keyEvents.announced).toEqual([
      { message: { keyId: key.id, keyHash: key.keyHash }, beforeCommit: false },
    ]);
  });

  it('refuses a developer limits above the defaults, or none', async () => {
    const key = await existing();
    const developer = apiActor({ userId: ownerId, role: 'developer' });
    await expect(update.execute(developer, key.id, { rateLimitPerMinute: 1000 })).rejects.toMatchObject({
      code: 'insufficient_role',
    });
    await expect(update.execute(developer, key.id, { rateLimitPerHour: null })).rejects.toMatchObject({
      code: 'insufficient_role',
    });
    expect(auth.keys.rows[0]).toMatchObject({ rateLimitPerMinute: 50, rateLimitPerHour: 500 });
    expect(auth.audit.records).toEqual([]);
  });

  it('refuses scopes beyond what the changing key holds', async () => {
    const key = await existing();
    const narrow = apiActor({ userId: ownerId, role: 'developer' }, { scopes: ['tools:read', 'admin:keys'] });
    await expect(update.execute(narrow, key.id, { scopes: ['*'] })).rejects.toMatchObject({
      code: 'exceeds_creator',
    });
  });

  it('refuses to change a revoked key, and records nothing', async () => {
    const key = await existing();
    auth.keys.rows[0]!.revokedAt = new Date();
    auth.keys.rows[0]!.isActive = false;
    await expect(update.execute(CLI_ACTOR, key.id, { name: 'renamed' })).rejects.toMatchObject({ code: 'conflict' });
    expect(auth.keys.rows[0]!.name).toBe('ci');
    expect(auth.audit.records).toEqual([]);
  });

  it('changes nothing and announces nothing when the record fails', async () => {
    const key = await existing();
    auth.audit.failNext();
    await expect(update.execute(CLI_ACTOR, key.id, { name: 'renamed' })).rejects.toThrow(/audit/);
    expect(auth.keys.rows[0]!.name).toBe('ci');
    expect(auth.keyEvents.announced).toEqual([]);
  });
});
