import { CLI_ACTOR } from '../access/actor';
import { apiActor, inMemoryAuth } from '../testing/in-memory';
import { UpdateUserUseCase } from './update-user.use-case';

describe('UpdateUserUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let update: UpdateUserUseCase;
  let userId: string;

  beforeEach(async () => {
    auth = inMemoryAuth();
    update = new UpdateUserUseCase(auth.users, auth.keys, auth.keyEvents, auth.userEvents, auth.audit, auth.unitOfWork);
    userId = auth.users.add({ role: 'developer' }).id;
    for (const name of ['live', 'revoked']) {
      await auth.keys.create({
        userId,
        keyHash: name.padEnd(64, '0'),
        keyPrefix: 'lfc_x',
        name,
        role: 'developer',
        scopes: ['*'],
        rateLimitPerMinute: null,
        rateLimitPerHour: null,
        allowedIps: [],
        confirmDestructiveCalls: false,
        expiresAt: null,
        createdBy: null,
      });
    }
    await auth.keys.update(auth.keys.rows[1]!.id, { revokedAt: new Date(), isActive: false });
  });

  it('deactivating raises the token version, announces the cutoff and every live key after the commit', async () => {
    const view = await update.execute(CLI_ACTOR, userId, { isActive: false });
    expect(view).toMatchObject({ isActive: false });
    expect(auth.users.rows[0]).toMatchObject({ isActive: false, tokenVersion: 1 });
    expect(auth.userEvents.announced).toEqual([
      { message: expect.objectContaining({ userId, tokenVersion: 1 }), beforeCommit: false },
    ]);
    expect(auth.keyEvents.announced).toEqual([
      { message: { keyId: auth.keys.rows[0]!.id, keyHash: auth.keys.rows[0]!.keyHash }, beforeCommit: false },
    ]);
    expect(auth.audit.records).toEqual([
      expect.objectContaining({
        action: 'user.update',
        resource: `user:${userId}`,
        details: { changes: { isActive: false } },
      }),
    ]);
  });

  it('a role change cuts off tokens too; reactivating cuts nothing', async () => {
    await update.execute(CLI_ACTOR, userId, { role: 'user' });
    expect(auth.users.rows[0]).toMatchObject({ role: 'user', tokenVersion: 1 });
    await update.execute(CLI_ACTOR, userId, { isActive: false });
    await update.execute(CLI_ACTOR, userId, { isActive: true });
    expect(auth.users.rows[0]).toMatchObject({ isActive: true, tokenVersion: 2 });
    expect(auth.userEvents.announced).toHaveLength(2);
  });

  it('announces nothing when nothing changes', async () => {
    await update.execute(CLI_ACTOR, userId, { role: 'developer', isActive: true });
    expect(auth.users.rows[0]!.tokenVersion).toBe(0);
    expect(auth.userEvents.announced).toEqual([]);
    expect(auth.keyEvents.announced).toEqual([]);
  });

  it('refuses non-admins, an unknown user, and an admin demoting or deactivating themselves', async () => {
    await expect(update.execute(apiActor({ role: 'developer' }), userId, { isActive: false })).rejects.toMatchObject({
      code: 'insufficient_role',
    });
    await expect(
      update.execute(CLI_ACTOR, '00000000-0000-4000-8000-000000000000', { role: 'user' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const admin = auth.users.add({ role: 'admin' });
    const self = apiActor({ userId: admin.id, role: 'admin' });
    await expect(update.execute(self, admin.id, { role: 'developer' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(update.execute(self, admin.id, { isActive: false })).rejects.toMatchObject({ code: 'conflict' });
    expect(auth.audit.records).toEqual([]);
  });

  it('neither deactivates nor raises the version, and announces nothing, when the record fails', async () => {
    auth.audit.failNext();
    await expect(update.execute(CLI_ACTOR, userId, { isActive: false })).rejects.toThrow(/audit/);
    expect(auth.users.rows[0]).toMatchObject({ isActive: true, tokenVersion: 0 });
    expect(auth.userEvents.announced).toEqual([]);
    expect(auth.keyEvents.announced).toEqual([]);
  });
});
