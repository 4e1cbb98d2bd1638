import { CLI_ACTOR } from '../access/actor';
import { apiActor, inMemoryAuth } from '../testing/in-memory';
import { RevokeApiKeyUseCase } from './revoke-api-key.use-case';

describe('RevokeApiKeyUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let revoke: RevokeApiKeyUseCase;
  let ownerId: string;

  beforeEach(() => {
    auth = inMemoryAuth();
    revoke = new RevokeApiKeyUseCase(auth.keys, auth.keyEvents, auth.audit, auth.unitOfWork);
    ownerId = auth.users.add({ role: 'developer' }).id;
  });

  const existing = () =>
    auth.keys.create({
      userId: ownerId,
      keyHash: 'a'.repeat(64),
      keyPrefix: 'lfc_aaaa',
      name: 'ci',
      role: 'developer',
      scopes: ['*'],
      rateLimitPerMinute: null,
      rateLimitPerHour: null,
      allowedIps: [],
      confirmDestructiveCalls: false,
      expiresAt: null,
      createdBy: null,
    });

  it('revokes the key, audits it and then tells the gateways', async () => {
    const key = await existing();
    const view = await revoke.execute(apiActor({ userId: ownerId, role: 'developer' }), key.id);
    expect(view).toMatchObject({ id: key.id, revokedAt: expect.any(String) });
    expect(auth.keys.rows[0]).toMatchObject({ isActive: false, revokedAt: expect.any(Date) });
    expect(auth.audit.records.map((record) => [record.action, record.resource])).toEqual([
      ['api_key.revoke', `api_key:${key.id}`],
    ]);
    expect(auth.keyEvents.announced).toEqual([
      { message: { keyId: key.id, keyHash: key.keyHash }, beforeCommit: false },
    ]);
  });

  it('keeps the first revocation time when revoked again', async () => {
    const key = await existing();
    await revoke.execute(CLI_ACTOR, key.id);
    const first = auth.keys.rows[0]!.revokedAt;
    await revoke.execute(CLI_ACTOR, key.id);
    expect(auth.keys.rows[0]!.revokedAt).toEqual(first);
  });

  it('answers not found for a key the actor may not manage, and for no key', async () => {
    const key = await existing();
    await expect(revoke.execute(apiActor({ role: 'developer' }), key.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(revoke.execute(CLI_ACTOR, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(auth.keys.rows[0]).toMatchObject({ isActive: true, revokedAt: null });
  });

  it('leaves the key live and announces nothing when the record fails', async () => {
    const key = await existing();
    auth.audit.failNext();
    await expect(revoke.execute(CLI_ACTOR, key.id)).rejects.toThrow(/audit/);
    expect(auth.keys.rows[0]).toMatchObject({ isActive: true, revokedAt: null });
    expect(auth.keyEvents.announced).toEqual([]);
  });
});
