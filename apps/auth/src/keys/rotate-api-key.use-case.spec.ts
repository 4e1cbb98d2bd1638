import { CLI_ACTOR } from '../access/actor';
import { KEY_POLICY_FOR_SPECS, apiActor, inMemoryAuth } from '../testing/in-memory';
import { hashApiKey } from './api-key-secret';
import { RotateApiKeyUseCase } from './rotate-api-key.use-case';

describe('RotateApiKeyUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let rotate: RotateApiKeyUseCase;
  let ownerId: string;

  beforeEach(() => {
    auth = inMemoryAuth();
    rotate = new RotateApiKeyUseCase(auth.keys, auth.keyEvents, auth.audit, auth.unitOfWork, KEY_POLICY_FOR_SPECS);
    ownerId = auth.users.add({ role: 'developer' }).id;
  });

  const existing = (settings: { expiresAt?: Date | null } = {}) =>
    auth.keys.create({
      userId: ownerId,
      keyHash: hashApiKey('lfc_old'),
      keyPrefix: 'lfc_old',
      name: 'ci',
      role: 'developer',
      scopes: ['tools:read'],
      rateLimitPerMinute: 10,
      rateLimitPerHour: 100,
      allowedIps: ['10.0.0.0/8'],
      confirmDestructiveCalls: false,
      expiresAt: settings.expiresAt ?? null,
      createdBy: null,
    });

  it('issues a new secret with the same settings and ends the old one after the grace period', async () => {
    const old = await existing();
    const before = Date.now();
    const rotated = await rotate.execute(CLI_ACTOR, old.id, 120);
    const replacement = auth.keys.rows.find((row) => row.keyHash === hashApiKey(rotated.key))!;
    expect(replacement).toMatchObject({
      userId: ownerId,
      role: 'developer',
      scopes: ['tools:read'],
      rateLimitPerMinute: 10,
      rateLimitPerHour: 100,
      allowedIps: ['10.0.0.0/8'],
    });
    const previous = auth.keys.rows.find((row) => row.id === old.id)!;
    expect(previous.replacedBy).toBe(replacement.id);
    expect(previous.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(previous.expiresAt!.getTime()).toBeLessThan(before + 121_000);
    expect(rotated.previousKeyExpiresAt).toBe(previous.expiresAt!.toISOString());
  });

  it('never lets the old key live longer than it would have', async () => {
    const soon = new Date(Date.now() + 5_000);
    const old = await existing({ expiresAt: soon });
    await rotate.execute(CLI_ACTOR, old.id, 3600);
    expect(auth.keys.rows.find((row) => row.id === old.id)!.expiresAt).toEqual(soon);
  });

  it('audits the rotation and announces the old key only once it is committed', async () => {
    const old = await existing();
    const rotated = await rotate.execute(CLI_ACTOR, old.id);
    expect(auth.audit.records).toEqual([
      expect.objectContaining({
        action: 'api_key.rotate',
        resource: `api_key:${old.id}`,
        details: { replacedBy: rotated.apiKey.id, graceSeconds: KEY_POLICY_FOR_SPECS.rotationGraceSeconds },
      }),
    ]);
    expect(auth.keyEvents.announced).toEqual([
      { message: { keyId: old.id, keyHash: old.keyHash }, beforeCommit: false },
    ]);
  });

  it('refuses to rotate a key twice, or a revoked one', async () => {
    const old = await existing();
    await rotate.execute(CLI_ACTOR, old.id);
    await expect(rotate.execute(CLI_ACTOR, old.id)).rejects.toMatchObject({ code: 'conflict' });
    await auth.keys.update(old.id, { replacedBy: null, revokedAt: new Date(), isActive: false });
    await expect(rotate.execute(CLI_ACTOR, old.id)).rejects.toMatchObject({ code: 'conflict' });
    expect(auth.keys.rows).toHaveLength(2);
  });

  it('hides another user’s key from a developer', async () => {
    const old = await existing();
    await expect(rotate.execute(apiActor({ role: 'developer' }), old.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(auth.keys.rows).toHaveLength(1);
  });

  it('leaves no new key, the old one untouched and nothing announced when the record fails', async () => {
    const old = await existing();
    auth.audit.failNext();
    await expect(rotate.execute(CLI_ACTOR, old.id)).rejects.toThrow(/audit/);
    expect(auth.keys.rows).toHaveLength(1);
    expect(auth.keys.rows[0]).toMatchObject({ replacedBy: null, expiresAt: null });
    expect(auth.keyEvents.announced).toEqual([]);
  });
});
