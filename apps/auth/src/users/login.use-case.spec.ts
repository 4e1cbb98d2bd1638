import { Counter } from 'prom-client';
import pino from 'pino';
import { DomainError } from '@lfc/common';
import { MemoryKeyValueStore } from '@lfc/kv';
import { unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import { authenticator } from 'otplib';
import { AuditTrail } from '../audit/audit-trail';
import { SigningKeys } from '../jwt/signing-keys';
import { LoginThrottle, LoginThrottleSettings } from './login-throttle';
import { LoginUseCase } from './login.use-case';
import { LoginCommand, PasswordSignIn } from './password-sign-in';
import { hashPassword } from './passwords';
import { hashRecoveryCode } from './totp-codes';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

const PASSWORD = 'correct horse battery staple';
const SETTINGS: LoginThrottleSettings = {
  failureWindowSeconds: 900,
  account: { freeAttempts: 5, lockoutAfter: 10 },
  ip: { freeAttempts: 20, lockoutAfter: 100 },
  maxDelaySeconds: 60,
  lockoutSeconds: 900,
};

/** The user row and the two single-use checks, with the semantics of the SQL statements. */
class OneUser implements Pick<UsersRepository, 'findByEmail' | 'acceptTotpStep' | 'consumeRecoveryCode'> {
  lastStep: number | null = null;
  constructor(readonly user: UserEntity) {}

  async findByEmail(email: string) {
    return email.toLowerCase() === this.user.email ? this.user : null;
  }

  async acceptTotpStep(_id: string, step: number) {
    if (this.lastStep !== null && this.lastStep >= step) return false;
    this.lastStep = step;
    return true;
  }

  async consumeRecoveryCode(_id: string, codeHash: string) {
    if (!this.user.recoveryCodes.includes(codeHash)) return false;
    this.user.recoveryCodes = this.user.recoveryCodes.filter((code) => code !== codeHash);
    return true;
  }
}

describe('LoginUseCase', () => {
  let now: number;
  let users: OneUser;
  let login: LoginUseCase;
  let audit: { record: jest.Mock };
  let signed: { authTime: number }[];
  const secret = authenticator.generateSecret();
  const client = { ip: '203.0.113.5', requestId: 'r', userAgent: null };

  beforeEach(async () => {
    now = Date.parse('2030-01-01T00:00:10Z');
    const user = Object.assign(new UserEntity(), {
      id: 'u1',
      email: 'person@example.com',
      role: 'user',
      isActive: true,
      passwordHash: await hashPassword(PASSWORD),
      totpEnabled: false,
      totpSecret: null,
      recoveryCodes: [],
      tokenVersion: 0,
    });
    users = new OneUser(user);
    audit = { record: jest.fn() };
    signed = [];
    const signingKeys = {
      sign: async (subject: { authTime: number }) => {
        signed.push(subject);
        return { token: 't', expiresIn: 60 };
      },
    } as unknown as SigningKeys;
    const clock = () => now;
    const throttle = new LoginThrottle(
      new MemoryKeyValueStore(),
      audit as unknown as AuditTrail,
      clock,
      SETTINGS,
      pino({ level: 'silent' }),
      new Counter({ name: 'lfc_login_throttled_total', help: 'throttled', labelNames: ['reason'], registers: [] }),
      unregisteredDependencyHealthMetrics(),
    );
    login = new LoginUseCase(
      new PasswordSignIn(users as unknown as UsersRepository, throttle, clock),
      signingKeys,
      clock,
    );
  });

  const refusalOf = (command: Partial<LoginCommand>) =>
    login.execute({ email: 'person@example.com', password: PASSWORD, ...command }, client).then(
      () => undefined,
      (error: unknown) => {
        const refused = error as DomainError;
        return { code: refused.code, status: refused.status, message: refused.message, details: refused.details };
      },
    );

  function enrol(): void {
    Object.assign(users.user, {
      totpEnabled: true,
      totpSecret: secret,
      recoveryCodes: [hashRecoveryCode('abcde12345')],
    });
  }

  it('issues a token carrying when the person logged in (auth_time)', async () => {
    await expect(login.execute({ email: 'person@example.com', password: PASSWORD }, client)).resolves.toMatchObject({
      accessToken: 't',
    });
    expect(signed).toEqual([expect.objectContaining({ authTime: now / 1000 })]);
  });

  it('answers a wrong password, a missing, wrong or replayed code, and an unknown user alike', async () => {
    enrol();
    const code = authenticator.clone({ epoch: now }).generate(secret);
    await expect(
      login.execute({ email: 'person@example.com', password: PASSWORD, totpCode: code }, client),
    ).resolves.toBeDefined();
    const refusals = [
      await refusalOf({ password: 'wrong password entirely' }),
      await refusalOf({}),
      await refusalOf({ totpCode: code === '000000' ? '111111' : '000000' }),
      await refusalOf({ totpCode: code }),
      await refusalOf({ email: 'nobody@example.com' }),
    ];
    for (const refusal of refusals)
      expect(refusal).toEqual({
        code: 'invalid_credentials',
        status: 401,
        message: refusals[0]!.message,
        details: undefined,
      });
  });

  it('takes a code of the next time step (clock drift), but not one of a step at or before the last accepted', async () => {
    enrol();
    const next = authenticator.clone({ epoch: now + 30_000 }).generate(secret);
    const current = authenticator.clone({ epoch: now }).generate(secret);
    await expect(
      login.execute({ email: 'person@example.com', password: PASSWORD, totpCode: next }, client),
    ).resolves.toBeDefined();
    expect(await refusalOf({ totpCode: current })).toMatchObject({ code: 'invalid_credentials' });
  });

  it('takes each recovery code once', async () => {
    enrol();
    await expect(
      login.execute({ email: 'person@example.com', password: PASSWORD, recoveryCode: 'ABCDE12345 ' }, client),
    ).resolves.toBeDefined();
    expect(await refusalOf({ recoveryCode: 'abcde12345' })).toMatchObject({ code: 'invalid_credentials' });
  });

  it('after the free attempts answers 429 with Retry-After without checking the password, audits the block, and a success resets the account', async () => {
    for (let attempt = 0; attempt < 6; attempt++)
      expect(await refusalOf({ password: 'not the password' })).toMatchObject({ status: 401 });
    expect(audit.record).toHaveBeenCalledWith(
      expect.anything(),
      'login.throttled',
      'login:account',
      expect.objectContaining({ reason: 'account', attempts: 6, retryAfterSeconds: 1 }),
    );
    const blocked = await login
      .execute({ email: 'person@example.com', password: PASSWORD }, client)
      .catch((error: unknown) => error);
    expect(blocked).toMatchObject({ code: 'rate_limited', status: 429, headers: { 'retry-after': '1' } });
    now += 1000;
    await expect(login.execute({ email: 'person@example.com', password: PASSWORD }, client)).resolves.toBeDefined();
    // Counted afresh: five more failures go through without delay.
    for (let attempt = 0; attempt < 5; attempt++)
      expect(await refusalOf({ password: 'not the password' })).toMatchObject({ status: 401 });
  });

  it('throttles unknown accounts exactly like known ones', async () => {
    for (let attempt = 0; attempt < 6; attempt++) await refusalOf({ email: 'nobody@example.com' });
    expect(await refusalOf({ email: 'nobody@example.com' })).toMatchObject({ status: 429 });
  });
});
