import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { authenticator } from 'otplib';
import { Client } from 'pg';
import { adminCall } from './support/admin-api';
import { ROOT } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(180_000);
const run = promisify(execFile);

const SESSION = '/api/v1/auth/session';
const CSRF = { 'x-lfc-csrf': '1' };

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string; requestId?: string } };
  setCookie: string | null;
}

interface Session {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  user: { id: string; email: string; role: string; totpEnabled: boolean };
}

/**
 * The web console's sign-in against the real services (PostgreSQL, Redis): the setup link the first
 * start leaves in the data dir, browser sessions with their refresh cookie, and the second factor.
 * Auth trusts X-Forwarded-For from the loopback here, so each test speaks from an address of its own
 * and the login throttle's per-address counters of one test never reach another's.
 */
describe('the web console’s sign-in (setup link, browser sessions, second factor)', () => {
  let suite: RunningSuite;
  let from = 0;
  /** A client address of its own for each caller. */
  const nextAddress = () => `192.0.2.${++from}`;

  beforeAll(async () => {
    suite = await RunningSuite.start({ env: { LFC_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' } });
  });

  afterAll(async () => {
    await suite?.stop();
  });

  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; address?: string } = {},
  ): Promise<Answer<T>> {
    const response = await fetch(`${suite.authUrl}${path}`, {
      method,
      headers: {
        'x-forwarded-for': options.address ?? '192.0.2.200',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Answer<T>['body'],
      setCookie: response.headers.get('set-cookie'),
    };
  }

  /** The cookie as the browser sends it back: name=value of a Set-Cookie header. */
  const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0]!;

  const refresh = (cookie: string, address: string, headers: Record<string, string> = CSRF) =>
    call<Session>('POST', `${SESSION}/refresh`, { headers: { cookie, ...headers }, address });

  async function createUser(email: string, password?: string): Promise<string> {
    const created = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email, role: 'developer', ...(password ? { password } : {}) },
    );
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function auditActions(action: string): Promise<{ resource: string; details: Record<string, unknown> }[]> {
    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    try {
      return (
        await db.query<{ resource: string; details: Record<string, unknown> }>(
          'SELECT resource, details FROM auth.audit_logs WHERE action = $1 ORDER BY seq',
          [action],
        )
      ).rows;
    } finally {
      await db.end();
    }
  }

  const lfc = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [join(ROOT, 'dist', 'apps', 'auth', 'src', 'cli.js'), ...args], {
      env: suite.env,
    });
    return JSON.parse(stdout) as { url: string; email: string; expiresAt: string };
  };

  describe('the bootstrap admin’s setup link', () => {
    const adminPassword = 'the admin’s own passphrase';

    it('is left in the data dir (0600, never logged) and sets the password once; the second use is 410', async () => {
      const file = join(suite.env.LFC_DATA_DIR!, 'bootstrap-setup-token');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const token = readFileSync(file, 'utf8').trim();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(readFileSync(suite.backend('auth').logFile, 'utf8')).not.toContain(token);

      const address = nextAddress();
      const inspected = await call('POST', '/api/v1/auth/setup/inspect', { body: { token }, address });
      expect(inspected.status).toBe(200);
      expect(inspected.body).toEqual({ email: 'admin@langflow-connect.local', expiresAt: expect.any(String) });

      const completed = await call<Session>('POST', '/api/v1/auth/setup', {
        body: { token, password: adminPassword },
        address,
      });
      expect(completed.status).toBe(200);
      expect(completed.body.user).toMatchObject({ email: 'admin@langflow-connect.local', role: 'admin' });
      expect(completed.setCookie).toMatch(/^lfc_refresh=[A-Za-z0-9_-]{43}; /);
      const me = await adminCall<{ user: { role: string } }>(suite, 'GET', '/api/v1/auth/me', {
        token: completed.body.accessToken,
      });
      expect(me.body.user.role).toBe('admin');

      for (const second of [
        await call('POST', '/api/v1/auth/setup', { body: { token, password: 'someone else’s passphrase' }, address }),
        await call('POST', '/api/v1/auth/setup/inspect', { body: { token }, address }),
      ]) {
        expect([second.status, second.body.error?.code]).toEqual([410, 'setup_link_invalid']);
      }
      // The password set through the link is the one that signs in.
      const signedIn = await call('POST', SESSION, {
        body: { email: 'admin@langflow-connect.local', password: adminPassword },
        address,
      });
      expect(signedIn.status).toBe(200);
      expect(await auditActions('user.password_set')).toHaveLength(1);
    });

    it('refuses an expired link with the same 410 as an unknown one; the CLI prints the console URL', async () => {
      const email = 'needs-a-password@example.com';
      await createUser(email);
      const link = await lfc('setup-link', '--email', email, '--base-url', 'https://console.example.com/');
      expect(link.url).toMatch(/^https:\/\/console\.example\.com\/console\/setup#token=[A-Za-z0-9_-]{43}$/);
      expect(link.email).toBe(email);
      const token = link.url.split('#token=')[1]!;
      const address = nextAddress();
      expect((await call('POST', '/api/v1/auth/setup/inspect', { body: { token }, address })).status).toBe(200);

      const db = new Client({ connectionString: suite.databaseUrl });
      await db.connect();
      await db.query(
        `UPDATE auth.setup_links SET expires_at = now() - interval '1 second'
         WHERE user_id = (SELECT id FROM auth.users WHERE email = $1)`,
        [email],
      );
      await db.end();
      const expired = await call('POST', '/api/v1/auth/setup', {
        body: { token, password: 'a long enough passphrase' },
        address,
      });
      const unknown = await call('POST', '/api/v1/auth/setup', {
        body: { token: 'A'.repeat(43), password: 'a long enough passphrase' },
        address,
      });
      expect([expired.status, expired.body.error?.code]).toEqual([410, 'setup_link_invalid']);
      expect(unknown.body.error).toEqual({ ...expired.body.error, requestId: unknown.body.error?.requestId });
    });

    it('hands out a fresh link from the CLI that replaces the older unused one', async () => {
      const email = 'two-links@example.com';
      await createUser(email);
      const older = (await lfc('setup-link', '--email', email)).url.split('#token=')[1]!;
      const newer = await lfc('setup-link', '--email', email);
      expect(newer.url.startsWith('http://127.0.0.1:8000/console/setup#token=')).toBe(true);
      const address = nextAddress();
      expect((await call('POST', '/api/v1/auth/setup/inspect', { body: { token: older }, address })).status).toBe(410);
      const token = newer.url.split('#token=')[1]!;
      expect((await call('POST', '/api/v1/auth/setup/inspect', { body: { token }, address })).status).toBe(200);
    });
  });

  describe('browser sessions', () => {
    const email = 'console-user@example.com';
    const password = 'a console user’s passphrase';

    beforeAll(async () => {
      await createUser(email, password);
    });

    const signIn = (address: string, headers: Record<string, string> = {}) =>
      call<Session>('POST', SESSION, { body: { email, password }, address, headers });

    it('sets the refresh cookie HttpOnly, SameSite=Strict, on the session path, for LFC_REFRESH_TTL_SECONDS; Secure unless on loopback http', async () => {
      const local = await signIn('127.0.0.1');
      expect(local.status).toBe(200);
      expect(local.body).toMatchObject({ tokenType: 'Bearer', user: { email, role: 'developer' } });
      const attributes = local.setCookie!.split('; ').slice(1);
      expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=604800', 'Path=/api/v1/auth/session', 'SameSite=Strict']);
      // Nothing of the refresh token in the answer.
      expect(JSON.stringify(local.body)).not.toContain(cookieOf(local.setCookie).split('=')[1]);

      const remote = await signIn(nextAddress());
      expect(remote.setCookie!.split('; ')).toContain('Secure');
      const behindTls = await signIn('127.0.0.1', { 'x-forwarded-proto': 'https' });
      expect(behindTls.setCookie!.split('; ')).toContain('Secure');
    });

    it('refreshes only with the CSRF header; each refresh replaces the cookie and keeps the sign-in’s auth_time', async () => {
      const address = nextAddress();
      const signedIn = await signIn(address);
      const cookie = cookieOf(signedIn.setCookie);
      const authTime = decodeJwt(signedIn.body.accessToken).auth_time;

      const withoutHeader = await refresh(cookie, address, {});
      expect([withoutHeader.status, withoutHeader.body.error?.code]).toEqual([403, 'csrf_header_missing']);
      expect(withoutHeader.setCookie).toBeNull();
      const wrongValue = await refresh(cookie, address, { 'x-lfc-csrf': 'yes' });
      expect(wrongValue.status).toBe(403);

      // Refused without the header, the cookie was never looked at: it still works once. A second
      // later, so a token stamped with the refresh's own time would show.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const refreshed = await refresh(cookie, address);
      expect(refreshed.status).toBe(200);
      const next = cookieOf(refreshed.setCookie);
      expect(next).not.toBe(cookie);
      const claims = decodeJwt(refreshed.body.accessToken);
      expect(claims.auth_time).toBe(authTime);
      expect(claims.iat).toBeGreaterThan(authTime as number);
      expect((await adminCall(suite, 'GET', '/api/v1/auth/me', { token: refreshed.body.accessToken })).status).toBe(
        200,
      );
      expect((await refresh(next, address)).status).toBe(200);
    });

    it('revokes the whole family when a replaced cookie comes back, and audits the reuse', async () => {
      const address = nextAddress();
      const first = cookieOf((await signIn(address)).setCookie);
      const second = cookieOf((await refresh(first, address)).setCookie);
      const replayed = await refresh(first, address);
      expect([replayed.status, replayed.body.error?.code]).toEqual([401, 'session_ended']);
      // The current cookie is refused too: the service cannot tell its holder from the thief.
      expect((await refresh(second, address)).status).toBe(401);
      const reuses = await auditActions('session.refresh_reuse');
      expect(reuses).toEqual([
        expect.objectContaining({ resource: expect.stringMatching(/^session:/), details: expect.anything() }),
      ]);
    });

    it('signs out (with the CSRF header only): the family is revoked and the cookie cleared', async () => {
      const address = nextAddress();
      const cookie = cookieOf((await signIn(address)).setCookie);
      const refused = await call('DELETE', SESSION, { headers: { cookie }, address });
      expect([refused.status, refused.body.error?.code]).toEqual([403, 'csrf_header_missing']);

      const signedOut = await call('DELETE', SESSION, { headers: { cookie, ...CSRF }, address });
      expect(signedOut.status).toBe(204);
      expect(signedOut.setCookie).toMatch(/^lfc_refresh=; Max-Age=0; Path=\/api\/v1\/auth\/session; HttpOnly; /);
      expect((await refresh(cookie, address)).body.error?.code).toBe('session_ended');
    });

    it('ends refresh after a new password and after deactivation', async () => {
      const address = nextAddress();
      const other = 'changes-password@example.com';
      const userId = await createUser(other, password);
      const signedIn = await call<Session>('POST', SESSION, { body: { email: other, password }, address });
      const changed = await adminCall(
        suite,
        'POST',
        '/api/v1/auth/me/password',
        { token: signedIn.body.accessToken },
        { currentPassword: password, newPassword: 'the next passphrase' },
      );
      expect(changed.status).toBe(204);
      expect((await refresh(cookieOf(signedIn.setCookie), address)).body.error?.code).toBe('session_ended');

      const again = await call<Session>('POST', SESSION, {
        body: { email: other, password: 'the next passphrase' },
        address,
      });
      const deactivated = await adminCall(
        suite,
        'PATCH',
        `/api/v1/auth/users/${userId}`,
        { apiKey: suite.apiKey },
        { isActive: false },
      );
      expect(deactivated.status).toBe(200);
      expect((await refresh(cookieOf(again.setCookie), address)).body.error?.code).toBe('session_ended');
    });

    it('takes no body a cross-site form can send (415), so no other site signs anyone in', async () => {
      const forms: [string, string][] = [
        ['application/x-www-form-urlencoded', `email=${encodeURIComponent(email)}&password=x`],
        ['text/plain', JSON.stringify({ email, password })],
        [
          'multipart/form-data; boundary=x',
          `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n${email}\r\n--x--`,
        ],
      ];
      for (const path of [SESSION, '/api/v1/auth/setup']) {
        for (const [type, body] of forms) {
          const response = await fetch(`${suite.authUrl}${path}`, {
            method: 'POST',
            headers: { 'content-type': type, 'x-forwarded-for': nextAddress() },
            body,
          });
          expect([path, type, response.status, response.headers.get('set-cookie')]).toEqual([path, type, 415, null]);
        }
      }
    });

    it('tells the sign-in page whether self-registration is on', async () => {
      const options = await call('GET', '/api/v1/auth/sign-in-options');
      expect([options.status, options.body]).toEqual([200, { selfRegistration: false }]);
    });
  });

  describe('the second factor from the console', () => {
    const password = 'a second-factor passphrase';
    const nextStepCode = (secret: string) => authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);

    /** Signs up a user, signs in from the console and enrols TOTP; the secret and recovery codes. */
    async function enrolled(email: string, address: string) {
      await createUser(email, password);
      const session = await call<Session>('POST', SESSION, { body: { email, password }, address });
      const token = session.body.accessToken;
      const enrol = await adminCall<{ secret: string }>(suite, 'POST', '/api/v1/auth/me/totp', { token });
      const confirm = await adminCall<{ recoveryCodes: string[] }>(
        suite,
        'POST',
        '/api/v1/auth/me/totp/confirm',
        { token },
        { code: authenticator.generate(enrol.body.secret) },
      );
      expect(confirm.status).toBe(200);
      return { token, secret: enrol.body.secret, recoveryCodes: confirm.body.recoveryCodes };
    }

    it('asks for the code at sign-in once enrolled, and is removed with a recovery code', async () => {
      const email = 'totp-console@example.com';
      const address = nextAddress();
      const { secret, recoveryCodes } = await enrolled(email, address);
      const withoutCode = await call('POST', SESSION, { body: { email, password }, address });
      expect([withoutCode.status, withoutCode.body.error?.code]).toEqual([401, 'invalid_credentials']);
      const withCode = await call<Session>('POST', SESSION, {
        body: { email, password, totpCode: nextStepCode(secret) },
        address,
      });
      expect(withCode.status).toBe(200);
      expect(withCode.body.user.totpEnabled).toBe(true);

      const token = withCode.body.accessToken;
      const wrong = await adminCall(suite, 'DELETE', '/api/v1/auth/me/totp', { token }, { recoveryCode: 'not-one' });
      expect(wrong.status).toBe(400);
      const both = await adminCall(
        suite,
        'DELETE',
        '/api/v1/auth/me/totp',
        { token },
        { code: '123456', recoveryCode: recoveryCodes[0] },
      );
      expect(both.status).toBe(400);
      const removed = await adminCall(
        suite,
        'DELETE',
        '/api/v1/auth/me/totp',
        { token },
        { recoveryCode: recoveryCodes[0] },
      );
      expect(removed.status).toBe(204);
      const plain = await call<Session>('POST', SESSION, { body: { email, password }, address });
      expect([plain.status, plain.body.user?.totpEnabled]).toEqual([200, false]);
      expect((await auditActions('user.totp_remove')).length).toBeGreaterThan(0);
    });

    it('regenerates the recovery codes with the second factor: the old ones stop working, the new ones sign in', async () => {
      const email = 'recovery-console@example.com';
      const address = nextAddress();
      const { token, recoveryCodes } = await enrolled(email, address);
      const renew = (proof: unknown) =>
        adminCall<{ recoveryCodes: string[]; error?: { code: string } }>(
          suite,
          'POST',
          '/api/v1/auth/me/recovery-codes',
          { token },
          proof,
        );
      // An access token alone is not enough: new codes would let it remove the factor.
      expect((await renew(undefined)).status).toBe(400);
      expect((await renew({ recoveryCode: 'not-one-of-them' })).body.error?.code).toBe('validation_failed');
      const renewed = await renew({ recoveryCode: recoveryCodes[2] });
      expect(renewed.status).toBe(200);
      expect(renewed.body.recoveryCodes).toHaveLength(10);
      const old = await call('POST', SESSION, { body: { email, password, recoveryCode: recoveryCodes[1] }, address });
      expect(old.status).toBe(401);
      const fresh = await call('POST', SESSION, {
        body: { email, password, recoveryCode: renewed.body.recoveryCodes[0] },
        address,
      });
      expect(fresh.status).toBe(200);
      expect(await auditActions('user.recovery_codes_regenerate')).toHaveLength(1);
    });

    it('refuses both to an API key: they need a person’s fresh sign-in', async () => {
      for (const [method, path, body] of [
        ['DELETE', '/api/v1/auth/me/totp', { recoveryCode: 'abc' }],
        ['POST', '/api/v1/auth/me/recovery-codes', { recoveryCode: 'abc' }],
      ] as const) {
        const answer = await adminCall<{ error: { code: string } }>(
          suite,
          method,
          path,
          { apiKey: suite.apiKey },
          body,
        );
        expect([path, answer.status, answer.body.error.code]).toEqual([path, 403, 'fresh_login_required']);
      }
    });
  });
});
