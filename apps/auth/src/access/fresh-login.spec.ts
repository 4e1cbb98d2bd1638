import { InMemoryUnitOfWork } from '@lfc/database/testing';
import { inMemoryLoginThrottle } from '../testing/in-memory';
import { AuditTrail } from '../audit/audit-trail';
import { UserEvents } from '../users/user-events';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { ChangePasswordUseCase } from '../users/change-password.use-case';
import { ConfirmTotpUseCase, EnrolTotpUseCase } from '../users/totp.use-cases';
import { Actor, Holdings } from './actor';
import { FreshLogin } from './fresh-login';

const NOW = Date.parse('2030-01-01T12:00:00Z');

function actor(holds: Partial<Holdings>): Actor {
  return {
    userId: 'admin-id',
    keyId: holds.via === 'api_key' ? 'key-id' : null,
    role: 'admin',
    ip: null,
    requestId: null,
    userAgent: null,
    channel: 'api',
    holds: {
      via: 'jwt',
      scopes: ['*'],
      allowedIps: [],
      confirmDestructiveCalls: false,
      limits: { perMinute: null, perHour: null },
      expiresAt: null,
      authTime: null,
      ...holds,
    },
  };
}

describe('steps that need a fresh login', () => {
  const freshLogin = new FreshLogin(() => NOW, 300);
  // The bootstrap admin: no password, no second factor.
  const passwordless = Object.assign(new UserEntity(), {
    id: 'admin-id',
    email: 'admin@example.com',
    passwordHash: null,
    totpEnabled: false,
    totpSecret: 'JBSWY3DPEHPK3PXP',
  });
  const users = {
    findById: async () => passwordless,
    update: jest.fn(),
    updateCuttingOffTokens: jest.fn(),
    acceptTotpStep: jest.fn(),
  } as unknown as UsersRepository;
  const audit = { record: jest.fn() } as unknown as AuditTrail;
  const events = { tokensCutOff: jest.fn() } as unknown as UserEvents;
  const steps = [
    [
      'set a password',
      (by: Actor) =>
        new ChangePasswordUseCase(
          users,
          events,
          audit,
          freshLogin,
          new InMemoryUnitOfWork(),
          inMemoryLoginThrottle(audit, () => NOW),
        ).execute(by, {
          newPassword: 'a brand new passphrase',
        }),
    ],
    ['enrol TOTP', (by: Actor) => new EnrolTotpUseCase(users, audit, freshLogin, new InMemoryUnitOfWork()).execute(by)],
    [
      'confirm TOTP',
      (by: Actor) =>
        new ConfirmTotpUseCase(users, audit, freshLogin, new InMemoryUnitOfWork(), () => NOW).execute(by, '123456'),
    ],
  ] as const;

  it.each(steps)('refuses an API key to %s, even the admin’s own, naming why', async (_step, run) => {
    await expect(run(actor({ via: 'api_key' }))).rejects.toMatchObject({
      code: 'fresh_login_required',
      status: 403,
      message: expect.stringContaining('not an API key'),
    });
  });

  it.each(steps)(
    'refuses a token whose login is older than LFC_FRESH_LOGIN_SECONDS, or that carries none, to %s',
    async (_step, run) => {
      await expect(run(actor({ authTime: NOW - 301_000 }))).rejects.toMatchObject({
        code: 'fresh_login_required',
        message: expect.stringContaining('300 s'),
      });
      await expect(run(actor({ authTime: null }))).rejects.toMatchObject({ code: 'fresh_login_required' });
    },
  );

  it('lets a person who logged in moments ago through', () => {
    expect(() => freshLogin.assert(actor({ authTime: NOW - 300_000 }))).not.toThrow();
  });
});
