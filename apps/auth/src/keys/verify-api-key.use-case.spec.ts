import { inMemoryAuth } from '../testing/in-memory';
import { hashApiKey } from './api-key-secret';
import { VerifyApiKeyUseCase } from './verify-api-key.use-case';

describe('VerifyApiKeyUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let verify: VerifyApiKeyUseCase;
  let ownerId: string;
  const secret = 'lfc_verify-me';

  beforeEach(async () => {
    auth = inMemoryAuth();
    verify = new VerifyApiKeyUseCase(auth.keys);
    ownerId = auth.users.add({ role: 'developer' }).id;
    await auth.keys.create({
      userId: ownerId,
      keyHash: hashApiKey(secret),
      keyPrefix: 'lfc_veri',
      name: 'ci',
      role: 'developer',
      scopes: ['tools:read'],
      rateLimitPerMinute: 7,
      rateLimitPerHour: null,
      allowedIps: ['10.0.0.0/8'],
      confirmDestructiveCalls: true,
      expiresAt: new Date('2099-01-01T00:00:00Z'),
      createdBy: null,
    });
  });

  it('answers the principal of a usable key', async () => {
    expect(await verify.execute(hashApiKey(secret))).toEqual({
      keyId: auth.keys.rows[0]!.id,
      keyPrefix: 'lfc_veri',
      userId: ownerId,
      role: 'developer',
      scopes: ['tools:read'],
      rateLimits: { perMinute: 7, perHour: null },
      allowedIps: ['10.0.0.0/8'],
      confirmDestructiveCalls: true,
      expiresAt: '2099-01-01T00:00:00.000Z',
    });
  });

  it('acts at most at the owner’s role: a demoted owner demotes the key', async () => {
    await auth.users.update(ownerId, { role: 'user' });
    expect(await verify.execute(hashApiKey(secret))).toMatchObject({ role: 'user' });
  });

  it('knows no unknown, revoked or expired key, nor one of an inactive owner', async () => {
    expect(await verify.execute(hashApiKey('lfc_unknown'))).toBeNull();
    const id = auth.keys.rows[0]!.id;
    await auth.keys.update(id, { expiresAt: new Date(Date.now() - 1000) });
    expect(await verify.execute(hashApiKey(secret))).toBeNull();
    await auth.keys.update(id, { expiresAt: null, revokedAt: new Date(), isActive: false });
    expect(await verify.execute(hashApiKey(secret))).toBeNull();
    await auth.keys.update(id, { revokedAt: null, isActive: true });
    await auth.users.update(ownerId, { isActive: false });
    expect(await verify.execute(hashApiKey(secret))).toBeNull();
  });
});
