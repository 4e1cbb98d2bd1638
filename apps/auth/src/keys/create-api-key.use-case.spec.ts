import { CLI_ACTOR } from '../access/actor';
import { KEY_POLICY_FOR_SPECS, apiActor, inMemoryAuth } from '../testing/in-memory';
import { hashApiKey } from './api-key-secret';
import { CreateApiKeyUseCase, DEFAULT_KEY_SCOPES } from './create-api-key.use-case';

describe('CreateApiKeyUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let create: CreateApiKeyUseCase;

  beforeEach(() => {
    auth = inMemoryAuth();
    create = new CreateApiKeyUseCase(auth.keys, auth.users, auth.audit, auth.unitOfWork, KEY_POLICY_FOR_SPECS);
  });

  it('stores only the hash of the secret it returns once, with the default scopes and limits, and audits it', async () => {
    const owner = auth.users.add({ role: 'developer' });
    const { key, apiKey } = await create.execute(CLI_ACTOR, { userId: owner.id, name: 'ci' });
    expect(key).toMatch(/^lfc_/);
    const [stored] = auth.keys.rows;
    expect(stored).toMatchObject({
      keyHash: hashApiKey(key),
      userId: owner.id,
      role: 'developer',
      scopes: [...DEFAULT_KEY_SCOPES],
      rateLimitPerMinute: 100,
      rateLimitPerHour: 1000,
    });
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(apiKey.id).toBe(stored!.id);
    expect(auth.audit.records).toEqual([
      expect.objectContaining({
        action: 'api_key.create',
        resource: `api_key:${stored!.id}`,
        details: { owner: owner.id, name: 'ci', role: 'developer' },
      }),
    ]);
  });

  it('gives a key to the acting user when no owner is named', async () => {
    const me = auth.users.add({ role: 'developer' });
    await create.execute(apiActor({ userId: me.id, role: 'developer' }), { name: 'mine' });
    expect(auth.keys.rows[0]?.userId).toBe(me.id);
  });

  it('refuses a developer a key for someone else, and a key above its owner’s role', async () => {
    const me = auth.users.add({ role: 'developer' });
    const other = auth.users.add({ role: 'developer' });
    await expect(
      create.execute(apiActor({ userId: me.id, role: 'developer' }), { userId: other.id, name: 'theirs' }),
    ).rejects.toMatchObject({ code: 'insufficient_role' });
    await expect(create.execute(CLI_ACTOR, { userId: me.id, name: 'admin', role: 'admin' })).rejects.toMatchObject({
      code: 'insufficient_role',
    });
    expect(auth.keys.rows).toEqual([]);
    expect(auth.audit.records).toEqual([]);
  });

  it('refuses an inactive owner, a past expiry, a duplicate name and a key beyond the per-user cap', async () => {
    const gone = auth.users.add({ isActive: false });
    await expect(create.execute(CLI_ACTOR, { userId: gone.id, name: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    const owner = auth.users.add({ role: 'developer' });
    await expect(
      create.execute(CLI_ACTOR, { userId: owner.id, name: 'old', expiresAt: new Date(Date.now() - 1000) }),
    ).rejects.toMatchObject({ code: 'validation_failed', message: 'expiresAt: must be in the future' });
    await create.execute(CLI_ACTOR, { userId: owner.id, name: 'one' });
    await expect(create.execute(CLI_ACTOR, { userId: owner.id, name: 'one' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await create.execute(CLI_ACTOR, { userId: owner.id, name: 'two' });
    await create.execute(CLI_ACTOR, { userId: owner.id, name: 'three' });
    await expect(create.execute(CLI_ACTOR, { userId: owner.id, name: 'four' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('LFC_MAX_KEYS_PER_USER'),
    });
    expect(auth.keys.rows.map((row) => row.name)).toEqual(['one', 'two', 'three']);
  });

  it('keeps no key when its audit record fails', async () => {
    const owner = auth.users.add({ role: 'developer' });
    auth.audit.failNext();
    await expect(create.execute(CLI_ACTOR, { userId: owner.id, name: 'ci' })).rejects.toThrow(/audit/);
    expect(auth.keys.rows).toEqual([]);
  });
});
