import { authenticator } from 'otplib';
import { Client } from 'pg';
import { adminCall } from '../support/admin-api';
import { metricValue } from '../support/metrics';
import { ServiceProcess, freePort, spawnService, stopProcess, waitForReady } from '../support/processes';
import { RunningSuite } from '../support/suite';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { accessToken?: string; error?: { code: string; message: string; requestId?: string } };
}

/**
 * Online guessing against auth's login, on the real services (PostgreSQL, Redis). Each test logs in
 * from an address of its own (auth trusts X-Forwarded-For from the loopback here), so the per-address
 * counters of one test do not touch another's.
 */
describe('login resists guessing', () => {
  let suite: RunningSuite;
  let replica: ServiceProcess;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    suite = await RunningSuite.start({
      env: {
        LFC_TRUSTED_PROXIES: '127.0.0.1,::1',
        // Straight from the free attempts to the lock-out: the growing delays in between last
        // seconds, too short to assert on a loaded machine (the unit specs of the throttle show them).
        LFC_LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: '3',
        LFC_LOGIN_LOCKOUT_AFTER_PER_ACCOUNT: '4',
        LFC_LOGIN_FREE_ATTEMPTS_PER_IP: '6',
        LFC_LOGIN_LOCKOUT_AFTER_PER_IP: '7',
      },
    });
    // A second auth replica on the same database and Redis.
    replica = spawnService('auth', await freePort(), suite.envOf('auth'), suite.logDir);
    await waitForReady(replica);
  });

  afterAll(async () => {
    if (replica) await stopProcess(replica.child);
    await suite?.stop();
  });

  async function login(from: string, body: Record<string, unknown>, authUrl = suite.authUrl): Promise<Answer> {
    const response = await fetch(`${authUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Answer['body'],
    };
  }

  async function createUser(email: string): Promise<string> {
    const created = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email, password, role: 'developer' },
    );
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function auditRows(action: string): Promise<{ details: Record<string, unknown> }[]> {
    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    try {
      return (
        await db.query<{ details: Record<string, unknown> }>(
          'SELECT details FROM auth.audit_logs WHERE action = $1 ORDER BY seq',
          [action],
        )
      ).rows;
    } finally {
      await db.end();
    }
  }

  /** The refusal without what differs per request. */
  const sameness = ({ status, body }: Answer) => ({ status, code: body.error?.code, message: body.error?.message });

  it('locks out one account after repeated failures: 429 with Retry-After even for the right password, on every replica, audited and counted', async () => {
    const email = 'guessed@example.com';
    await createUser(email);
    const from = '198.51.100.1';
    const throttledBefore = await metricValue(suite.authUrl, 'lfc_login_throttled_total', { reason: 'account' });
    for (let attempt = 1; attempt <= 4; attempt++)
      expect((await login(from, { email, password: `wrong guess ${attempt}` })).status).toBe(401);
    // Now even the right password is refused, unchecked, for the lock-out's 15 minutes.
    const locked = await login(from, { email, password });
    expect([locked.status, locked.body.error?.code]).toEqual([429, 'rate_limited']);
    expect(Number(locked.retryAfter)).toBeGreaterThan(800);
    // From another address and through the other replica: the lock is the account's, shared through Redis.
    const elsewhere = await login('198.51.100.2', { email, password }, replica.url);
    expect(elsewhere.status).toBe(429);
    // Other accounts are not locked out by it.
    await createUser('bystander@example.com');
    expect((await login(from, { email: 'bystander@example.com', password })).status).toBe(200);

    const records = await auditRows('login.throttled');
    expect(records.map((record) => record.details)).toContainEqual(
      expect.objectContaining({ reason: 'account', email, attempts: 4, retryAfterSeconds: 900, lockedOut: true }),
    );
    expect(await metricValue(suite.authUrl, 'lfc_login_throttled_total', { reason: 'account' })).toBeGreaterThanOrEqual(
      throttledBefore + 1,
    );
  });

  it('starts an account afresh after a successful login', async () => {
    const email = 'typo-prone@example.com';
    await createUser(email);
    const from = '198.51.100.10';
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await login(from, { email, password: 'a typo' })).status).toBe(401);
    expect((await login(from, { email, password })).status).toBe(200);
    // Without the reset the fourth and fifth failure would delay and lock out.
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await login(from, { email, password: 'a typo' })).status).toBe(401);
  });

  it('catches one address spraying a password over many accounts, known or not', async () => {
    const from = '203.0.113.77';
    for (let index = 0; index < 7; index++)
      expect((await login(from, { email: `sprayed-${index}@example.com`, password: 'Winter2030!' })).status).toBe(401);
    const refused = await login(from, { email: 'sprayed-7@example.com', password: 'Winter2030!' });
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(800);
    expect(await metricValue(suite.authUrl, 'lfc_login_throttled_total', { reason: 'ip' })).toBeGreaterThanOrEqual(1);
    // Another address is not held back by it.
    expect((await login('203.0.113.78', { email: 'sprayed-7@example.com', password: 'Winter2030!' })).status).toBe(401);
  });

  /** A developer with TOTP enrolled (confirmed with the code of the current time step), and their recovery codes. */
  async function enrolled(email: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    await createUser(email);
    const token = (await login('192.0.2.1', { email, password })).body.accessToken!;
    const enrol = await adminCall<{ secret: string }>(suite, 'POST', '/api/v1/auth/me/totp', { token });
    const confirmed = await adminCall<{ recoveryCodes: string[] }>(
      suite,
      'POST',
      '/api/v1/auth/me/totp/confirm',
      { token },
      { code: authenticator.generate(enrol.body.secret) },
    );
    expect(confirmed.status).toBe(200);
    return { secret: enrol.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
  }

  /** A code of a later time step than the confirmation's (one step of drift is accepted). */
  const nextStepCode = (secret: string) => authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);

  it('answers a wrong password, a missing, wrong or replayed code alike, so none confirms the password', async () => {
    const email = 'two-factor@example.com';
    const { secret } = await enrolled(email);
    const code = nextStepCode(secret);
    expect((await login('192.0.2.2', { email, password, totpCode: code })).status).toBe(200);
    const refusals = [
      await login('192.0.2.2', { email, password: 'not the password', totpCode: nextStepCode(secret) }),
      await login('192.0.2.2', { email, password }),
      await login('192.0.2.2', { email, password, totpCode: code === '123456' ? '654321' : '123456' }),
      await login('192.0.2.2', { email, password, totpCode: code }),
    ];
    expect(refusals[0]!.status).toBe(401);
    for (const refusal of refusals) expect(sameness(refusal)).toEqual(sameness(refusals[0]!));
  });

  describe('against the real database, at the same time', () => {
    const email = 'concurrent@example.com';
    let secret: string;
    let recoveryCodes: string[];

    beforeAll(async () => {
      ({ secret, recoveryCodes } = await enrolled(email));
    });

    it('takes one TOTP code once', async () => {
      const code = nextStepCode(secret);
      const answers = await Promise.all(
        [1, 2].map((index) => login(`192.0.2.${20 + index}`, { email, password, totpCode: code })),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    });

    it('consumes a recovery code in one statement: of concurrent uses exactly one succeeds', async () => {
      const code = recoveryCodes[0]!;
      const answers = await Promise.all(
        [1, 2, 3].map((index) => login(`192.0.2.${30 + index}`, { email, password, recoveryCode: code })),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status !== 200).every((status) => status === 401 || status === 429)).toBe(
        true,
      );
      const db = new Client({ connectionString: suite.databaseUrl });
      await db.connect();
      const { rows } = await db.query<{ left: number }>(
        'SELECT jsonb_array_length(recovery_codes) AS left FROM auth.users WHERE email = $1',
        [email],
      );
      await db.end();
      expect(rows[0]!.left).toBe(recoveryCodes.length - 1);
    });
  });
});
