import { CLI_ACTOR } from '../access/actor';
import { apiActor, inMemoryAuth, inMemoryLoginThrottle } from '../testing/in-memory';
import { CreateUserUseCase } from './create-user.use-case';
import { verifyPassword } from './passwords';

describe('CreateUserUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  const useCase = (selfRegistration: boolean) =>
    new CreateUserUseCase(
      auth.users,
      auth.audit,
      auth.unitOfWork,
      selfRegistration,
      inMemoryLoginThrottle(auth.audit, () => Date.UTC(2026, 5, 1)),
    );

  beforeEach(() => {
    auth = inMemoryAuth();
  });

  it('lets an admin create a user of any role, email normalised, password hashed, and audits it', async () => {
    const view = await useCase(false).execute(CLI_ACTOR, {
      email: '  Dev@Example.COM ',
      role: 'developer',
      password: 'a long enough passphrase',
    });
    const [stored] = auth.users.rows;
    expect(stored).toMatchObject({ email: 'dev@example.com', username: 'dev@example.com', role: 'developer' });
    expect(await verifyPassword(stored!.passwordHash!, 'a long enough passphrase')).toBe(true);
    expect(view).not.toHaveProperty('passwordHash');
    expect(auth.audit.records).toEqual([
      expect.objectContaining({
        action: 'user.create',
        resource: `user:${stored!.id}`,
        details: { userRole: 'developer' },
      }),
    ]);
  });

  it('lets anyone register as a user when enabled, recorded as the new user registering', async () => {
    await useCase(true).execute(null, { email: 'me@example.com', role: 'user', password: 'a long enough passphrase' });
    const [stored] = auth.users.rows;
    expect(auth.audit.records).toEqual([
      expect.objectContaining({ action: 'user.register', actor: expect.objectContaining({ userId: stored!.id }) }),
    ]);
  });

  it('refuses registration when disabled, above the user role or without a password', async () => {
    await expect(
      useCase(false).execute(null, { email: 'me@example.com', role: 'user', password: 'a long enough passphrase' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      useCase(true).execute(null, { email: 'me@example.com', role: 'admin', password: 'a long enough passphrase' }),
    ).rejects.toMatchObject({ code: 'insufficient_role' });
    await expect(useCase(true).execute(null, { email: 'me@example.com', role: 'user' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'password: is required',
    });
    expect(auth.users.rows).toEqual([]);
  });

  it('refuses non-admins, short passwords and a taken email', async () => {
    await expect(
      useCase(true).execute(apiActor({ role: 'developer' }), { email: 'x@example.com', role: 'user' }),
    ).rejects.toMatchObject({ code: 'insufficient_role' });
    await expect(
      useCase(false).execute(CLI_ACTOR, { email: 'x@example.com', role: 'user', password: 'short' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    auth.users.add({ email: 'taken@example.com' });
    await expect(useCase(false).execute(CLI_ACTOR, { email: 'TAKEN@example.com', role: 'user' })).rejects.toMatchObject(
      { code: 'conflict' },
    );
    expect(auth.users.rows).toHaveLength(1);
  });

  it('refuses a username that is somebody else’s email address, which would take their default username', async () => {
    await expect(
      useCase(true).execute(null, {
        email: 'squatter@example.com',
        username: 'Colleague@Example.com',
        role: 'user',
        password: 'a long enough passphrase',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^username:/) });
    await useCase(true).execute(null, {
      email: 'me@example.com',
      username: 'ME@example.com',
      role: 'user',
      password: 'a long enough passphrase',
    });
    expect(auth.users.rows).toHaveLength(1);
  });

  it('counts registrations against the caller’s address, so they cannot list or make accounts in bulk', async () => {
    const registering = useCase(true);
    const client = { ip: '203.0.113.9', requestId: 'r-1', userAgent: 'test' };
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++)
      outcomes.push(
        await registering
          .execute(
            null,
            { email: `person-${attempt}@example.com`, role: 'user', password: 'a long enough passphrase' },
            client,
          )
          .then(
            () => 'created',
            (error: unknown) => (error as { code: string }).code,
          ),
      );
    expect(outcomes.slice(0, 3)).toEqual(['created', 'created', 'created']);
    expect(outcomes.at(-1)).toBe('rate_limited');
    expect(auth.audit.records.find((record) => record.action === 'user.register')?.actor).toMatchObject({
      ip: '203.0.113.9',
      requestId: 'r-1',
    });
  });

  it('keeps no user when the record fails', async () => {
    auth.audit.failNext();
    await expect(useCase(false).execute(CLI_ACTOR, { email: 'x@example.com', role: 'user' })).rejects.toThrow(/audit/);
    expect(auth.users.rows).toEqual([]);
  });
});
