import { authenticator } from 'otplib';
import { FreshLogin } from '../access/fresh-login';
import { apiActor, inMemoryAuth } from '../testing/in-memory';
import { hashRecoveryCode } from './login.use-case';
import { ConfirmTotpUseCase, EnrolTotpUseCase } from './totp.use-cases';

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
