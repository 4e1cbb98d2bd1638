import { authenticator } from 'otplib';
import { FreshLogin } from '../access/fresh-login';
import { apiActor, inMemoryAuth } from '../testing/in-memory';
import { hashRecoveryCode } from './totp-codes';
import {
  ConfirmTotpUseCase,
  EnrolTotpUseCase,
  RegenerateRecoveryCodesUseCase,
  RemoveTotpUseCase,
} from './totp.use-cases';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 10);
const codeAt = (secret: string, at: number) => authenticator.clone({ epoch: at }).generate(secret);

describe('TOTP enrolment', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let enrol: EnrolTotpUseCase;
  let confirm: ConfirmTotpUseCase;
  let userId: string;
  const person = () => apiActor({ userId, role: 'user' }, { via: 'jwt', authTime: NOW - 60_000 });

  beforeEach(() => {
    auth = inMemoryAuth(() => NOW);
    const freshLogin = new FreshLogin(() => NOW, 300);
    enrol = new EnrolTotpUseCase(auth.users, auth.audit, freshLogin, auth.unitOfWork);
    confirm = new ConfirmTotpUseCase(auth.users, auth.audit, freshLogin, auth.unitOfWork, () => NOW);
    userId = auth.users.add({ email: 'me@example.com' }).id;
  });

  it('enrols a secret that is not active until confirmed, and audits both steps', async () => {
    const { secret, otpauthUrl } = await enrol.execute(person());
    expect(otpauthUrl).toContain(encodeURIComponent('me@example.com'));
    expect(auth.users.rows[0]).toMatchObject({ totpSecret: secret, totpEnabled: false });
    const { recoveryCodes } = await confirm.execute(person(), codeAt(secret, NOW));
    expect(recoveryCodes).toHaveLength(10);
    expect(auth.users.rows[0]).toMatchObject({
      totpEnabled: true,
      recoveryCodes: recoveryCodes.map(hashRecoveryCode),
    });
    expect(auth.audit.records.map((record) => record.action)).toEqual(['user.totp_enrol', 'user.totp_confirm']);
  });

  it('refuses a wrong code, and the confirming code a second time', async () => {
    const { secret } = await enrol.execute(person());
    await expect(
      confirm.execute(person(), '000000' === codeAt(secret, NOW) ? '111111' : '000000'),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    const code = codeAt(secret, NOW);
    await confirm.execute(person(), code);
    await auth.users.update(userId, { totpEnabled: false });
    await expect(confirm.execute(person(), code)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a second enrolment, confirming without one, and an API key', async () => {
    await expect(confirm.execute(person(), '123456')).rejects.toMatchObject({ code: 'conflict' });
    await auth.users.update(userId, { totpEnabled: true });
    await expect(enrol.execute(person())).rejects.toMatchObject({ code: 'conflict' });
    await expect(enrol.execute(apiActor({ userId }, { via: 'api_key' }))).rejects.toMatchObject({
      code: 'fresh_login_required',
    });
  });

  it('turns nothing on and leaves the code unspent when the confirmation record fails', async () => {
    const { secret } = await enrol.execute(person());
    const code = codeAt(secret, NOW);
    auth.audit.failNext();
    await expect(confirm.execute(person(), code)).rejects.toThrow(/audit/);
    expect(auth.users.rows[0]).toMatchObject({ totpEnabled: false, totpLastStep: null, recoveryCodes: [] });
    await expect(confirm.execute(person(), code)).resolves.toMatchObject({ recoveryCodes: expect.any(Array) });
  });

  it('stores no secret when the enrolment record fails', async () => {
    auth.audit.failNext();
    await expect(enrol.execute(person())).rejects.toThrow(/audit/);
    expect(auth.users.rows[0]!.totpSecret).toBeNull();
  });
});

describe('removing the second factor and renewing recovery codes', () => {
  let now: number;
  let auth: ReturnType<typeof inMemoryAuth>;
  let remove: RemoveTotpUseCase;
  let regenerate: RegenerateRecoveryCodesUseCase;
  let userId: string;
  let secret: string;
  let recoveryCodes: string[];
  const person = () => apiActor({ userId, role: 'user' }, { via: 'jwt', authTime: now - 60_000 });

  beforeEach(async () => {
    now = NOW;
    const clock = () => now;
    auth = inMemoryAuth(clock);
    const freshLogin = new FreshLogin(clock, 300);
    const enrol = new EnrolTotpUseCase(auth.users, auth.audit, freshLogin, auth.unitOfWork);
    const confirm = new ConfirmTotpUseCase(auth.users, auth.audit, freshLogin, auth.unitOfWork, clock);
    remove = new RemoveTotpUseCase(auth.users, auth.audit, freshLogin, auth.unitOfWork, clock);
    regenerate = new RegenerateRecoveryCodesUseCase(auth.users, auth.audit, freshLogin, auth.unitOfWork, clock);
    userId = auth.users.add({ email: 'me@example.com' }).id;
    secret = (await enrol.execute(person())).secret;
    recoveryCodes = (await confirm.execute(person(), codeAt(secret, now))).recoveryCodes;
    // The confirming code's step is spent; the next step's code is a fresh one.
    now += 30_000;
  });

  const user = () => auth.users.rows[0]!;

  it('removes the factor with a current code, audited, and forgets the secret and the recovery codes', async () => {
    await remove.execute(person(), { code: codeAt(secret, now) });
    expect(user()).toMatchObject({ totpEnabled: false, totpSecret: null, recoveryCodes: [] });
    expect(auth.audit.records.at(-1)).toMatchObject({ action: 'user.totp_remove', details: { proof: 'code' } });
  });

  it('removes the factor with a recovery code (the authenticator is lost)', async () => {
    await remove.execute(person(), { recoveryCode: recoveryCodes[3]!.toUpperCase() });
    expect(user().totpEnabled).toBe(false);
    expect(auth.audit.records.at(-1)).toMatchObject({ details: { proof: 'recovery_code' } });
  });

  it('refuses a wrong or replayed code, a stale login and an API key, and keeps the factor', async () => {
    const code = codeAt(secret, now);
    await expect(remove.execute(person(), { code: code === '000000' ? '111111' : '000000' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(remove.execute(person(), { recoveryCode: 'not-a-code' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/^recoveryCode:/),
    });
    await expect(remove.execute(apiActor({ userId }, { via: 'api_key' }), { code })).rejects.toMatchObject({
      code: 'fresh_login_required',
    });
    await expect(
      remove.execute(apiActor({ userId, role: 'user' }, { via: 'jwt', authTime: now - 301_000 }), { code }),
    ).rejects.toMatchObject({ code: 'fresh_login_required' });
    expect(user().totpEnabled).toBe(true);
    await remove.execute(person(), { code });
    await expect(remove.execute(person(), { code })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('keeps the factor and the spent recovery code when the removal record fails', async () => {
    auth.audit.failNext();
    await expect(remove.execute(person(), { recoveryCode: recoveryCodes[0]! })).rejects.toThrow(/audit/);
    expect(user()).toMatchObject({ totpEnabled: true, recoveryCodes: recoveryCodes.map(hashRecoveryCode) });
  });

  it('renews the recovery codes only with the second factor, since a recovery code removes it', async () => {
    await expect(regenerate.execute(person(), {})).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(regenerate.execute(person(), { recoveryCode: 'not-a-code' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/^recoveryCode:/),
    });
    expect(user().recoveryCodes).toEqual(recoveryCodes.map(hashRecoveryCode));
    await regenerate.execute(person(), { code: codeAt(secret, now) });
    expect(auth.audit.records.at(-1)).toMatchObject({
      action: 'user.recovery_codes_regenerate',
      details: { proof: 'code' },
    });
  });

  it('renews the recovery codes: the new ones work, none of the old ones does, audited', async () => {
    const renewed = await regenerate.execute(person(), { recoveryCode: recoveryCodes[5]! });
    expect(renewed.recoveryCodes).toHaveLength(10);
    expect(renewed.recoveryCodes.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    expect(user().recoveryCodes).toEqual(renewed.recoveryCodes.map(hashRecoveryCode));
    expect(auth.audit.records.at(-1)).toMatchObject({ action: 'user.recovery_codes_regenerate' });
    await expect(remove.execute(person(), { recoveryCode: recoveryCodes[0]! })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await remove.execute(person(), { recoveryCode: renewed.recoveryCodes[0]! });
    await expect(regenerate.execute(person(), { recoveryCode: renewed.recoveryCodes[1]! })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
