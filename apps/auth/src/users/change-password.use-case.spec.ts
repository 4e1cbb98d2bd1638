import { FreshLogin } from '../access/fresh-login';
import { apiActor, inMemoryAuth, inMemoryLoginThrottle } from '../testing/in-memory';
import { ChangePasswordUseCase } from './change-password.use-case';
import { hashPassword, verifyPassword } from './passwords';

const NOW = Date.UTC(2026, 5, 1);

describe('ChangePasswordUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let change: ChangePasswordUseCase;
  let userId: string;
  /** The person, logged in a minute ago with a token. */
  const person = () => apiActor({ userId, role: 'developer' }, { via: 'jwt', authTime: NOW - 60_000 });

  beforeEach(async () => {
    auth = inMemoryAuth(() => NOW);
    change = new ChangePasswordUseCase(
      auth.users,
      auth.userEvents,
      auth.audit,
      new FreshLogin(() => NOW, 300),
      auth.unitOfWork,
      inMemoryLoginThrottle(auth.audit, () => NOW),
    );
    userId = auth.users.add({ passwordHash: await hashPassword('the current passphrase') }).id;
  });

  it('counts wrong current passwords as failed logins: past the free attempts they are refused with 429', async () => {
    const codes: string[] = [];
    for (let attempt = 0; attempt < 8; attempt++)
      codes.push(
        await change
          .execute(person(), { currentPassword: `guess ${attempt}`, newPassword: 'a brand new passphrase' })
          .then(
            () => 'changed',
            (error: unknown) => (error as { code: string }).code,
          ),
      );
    // The spec's limits: 3 free attempts per address, 5 per account.
    expect(codes.slice(0, 3)).toEqual(Array(3).fill('invalid_credentials'));
    expect(codes.slice(-2)).toEqual(['rate_limited', 'rate_limited']);
    expect(auth.audit.records.map((record) => record.action)).toContain('login.throttled');
    expect(await verifyPassword(auth.users.rows[0]!.passwordHash!, 'the current passphrase')).toBe(true);
  });

  it('sets the new password, cuts off older tokens, audits it and announces the cutoff after the commit', async () => {
    await change.execute(person(), {
      currentPassword: 'the current passphrase',
      newPassword: 'a brand new passphrase',
    });
    const [stored] = auth.users.rows;
    expect(await verifyPassword(stored!.passwordHash!, 'a brand new passphrase')).toBe(true);
    expect(stored).toMatchObject({ tokenVersion: 1, tokensNotBefore: new Date(NOW) });
    expect(auth.audit.records.map((record) => record.action)).toEqual(['user.password_change']);
    expect(auth.userEvents.announced).toEqual([
      { message: { userId, tokenVersion: 1, notBefore: new Date(NOW) }, beforeCommit: false },
    ]);
  });

  it('refuses a wrong or missing current password, and a weak new one', async () => {
    await expect(
      change.execute(person(), { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(change.execute(person(), { newPassword: 'a brand new passphrase' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    await expect(
      change.execute(person(), { currentPassword: 'the current passphrase', newPassword: 'short' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(auth.users.rows[0]!.tokenVersion).toBe(0);
  });

  it('lets a passwordless user set one without a current password', async () => {
    await auth.users.update(userId, { passwordHash: null });
    await change.execute(person(), { newPassword: 'a brand new passphrase' });
    expect(auth.users.rows[0]!.passwordHash).not.toBeNull();
  });

  it('refuses an API key and a stale login', async () => {
    await expect(
      change.execute(apiActor({ userId }, { via: 'api_key' }), { newPassword: 'a brand new passphrase' }),
    ).rejects.toMatchObject({ code: 'fresh_login_required' });
    await expect(
      change.execute(apiActor({ userId }, { via: 'jwt', authTime: NOW - 3_600_000 }), {
        newPassword: 'a brand new passphrase',
      }),
    ).rejects.toMatchObject({ code: 'fresh_login_required' });
  });

  it('keeps the old password and tokens when the record fails', async () => {
    const before = auth.users.rows[0]!.passwordHash;
    auth.audit.failNext();
    await expect(
      change.execute(person(), { currentPassword: 'the current passphrase', newPassword: 'a brand new passphrase' }),
    ).rejects.toThrow(/audit/);
    expect(auth.users.rows[0]).toMatchObject({ passwordHash: before, tokenVersion: 0 });
    expect(auth.userEvents.announced).toEqual([]);
  });
});
