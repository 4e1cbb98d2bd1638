import { MANAGEMENT_SCOPES } from '@lfc/contracts';
import { SignJWT, importPKCS8 } from 'jose';
import { Client } from 'pg';
import { adminCall, callPing, waitFor } from '../support/admin-api';
import { freePort, spawnService, stopProcess, waitForReady } from '../support/processes';
import { RunningSuite, newApiKey } from '../support/suite';

jest.setTimeout(120_000);

interface KeyView {
  id: string;
  name: string;
  scopes: string[];
  allowedIps: string[];
  revokedAt: string | null;
}

type Refusal = { error: { code: string; message: string; details?: { field?: string } } };

/**
 * What a credential may do to keys and to an account, on the real services: no key gets more than
 * the credential creating, changing or rotating it holds; a user has a bounded number of keys; only a
 * person who just logged in sets a password or a second factor; a new bootstrap key retires the old.
 */
describe('auth policy', () => {
  let suite: RunningSuite;
  let db: Client;
  const password = 'correct horse battery staple';
  const loopback = ['127.0.0.0/8', '::1/128'];

  beforeAll(async () => {
    suite = await RunningSuite.start({ env: { LFC_MAX_KEYS_PER_USER: '5' } });
    db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await suite?.stop();
  });

  const bootstrap = () => ({ apiKey: suite.apiKey });

  async function createUser(email: string, role: 'admin' | 'developer' | 'user'): Promise<string> {
    const created = await adminCall<{ id: string }>(suite, 'POST', '/api/v1/auth/users', bootstrap(), {
      email,
      password,
      role,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function loginAs(email: string): Promise<string> {
    const answer = await adminCall<{ accessToken: string }>(
      suite,
      'POST',
      '/api/v1/auth/login',
      {},
      { email, password },
    );
    expect(answer.status).toBe(200);
    return answer.body.accessToken;
  }

  async function createKey(credential: { apiKey?: string; token?: string }, settings: Record<string, unknown>) {
    return adminCall<{ key: string; apiKey: KeyView } & Refusal>(suite, 'POST', '/api/v1/auth/keys', credential, {
      name: `key-${Math.random().toString(36).slice(2)}`,
      ...settings,
    });
  }

  /** The field a 403 names, or the status when it is not a refusal for exceeding the creator. */
  const exceeded = (answer: { status: number; body: Refusal }) =>
    answer.status === 403 && answer.body.error.code === 'exceeds_creator'
      ? answer.body.error.details?.field
      : answer.status;

  it('gives new keys ["*"] (tools only) by default, and the bootstrap key * with every management scope', async () => {
    const created = await createKey(bootstrap(), {});
    expect(created.status).toBe(201);
    expect(created.body.apiKey.scopes).toEqual(['*']);
    const listed = await adminCall<KeyView[]>(suite, 'GET', '/api/v1/auth/keys', bootstrap());
    expect(listed.body.find((key) => key.name.startsWith('bootstrap'))?.scopes).toEqual(['*', ...MANAGEMENT_SCOPES]);
  });

  it('refuses hostile or oversized scope patterns when a key is created, naming the rule', async () => {
    const backtracking = await createKey(bootstrap(), { scopes: ['*a*a*a*a*a*a*a*a*a*Z'] });
    expect([backtracking.status, backtracking.body.error.code]).toEqual([400, 'validation_failed']);
    expect(backtracking.body.error.message).toMatch(/wildcards/);
    const many = await createKey(bootstrap(), { scopes: Array.from({ length: 33 }, (_, index) => `tool_${index}`) });
    expect(many.status).toBe(400);
  });

  describe('a key limited to ["ping"] and one CIDR', () => {
    let narrow: { key: string; apiKey: KeyView };
    let ownerId: string;

    beforeAll(async () => {
      ownerId = await createUser('narrow@example.com', 'admin');
      const created = await createKey(bootstrap(), {
        userId: ownerId,
        role: 'admin',
        scopes: ['ping', 'admin:keys'],
        allowedIps: loopback,
        rateLimitPerMinute: 50,
        rateLimitPerHour: 500,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(created.status).toBe(201);
      narrow = created.body;
    });

    it('cannot PATCH itself to more scopes or to no allow-list, and stays as it was', async () => {
      const scopes = await adminCall<Refusal>(
        suite,
        'PATCH',
        `/api/v1/auth/keys/${narrow.apiKey.id}`,
        { apiKey: narrow.key },
        { scopes: ['*'] },
      );
      expect([scopes.status, scopes.body.error.code, scopes.body.error.details?.field]).toEqual([
        403,
        'exceeds_creator',
        'scopes',
      ]);
      expect(scopes.body.error.message).toMatch(/^scopes: /);
      const ips = await adminCall<Refusal>(
        suite,
        'PATCH',
        `/api/v1/auth/keys/${narrow.apiKey.id}`,
        { apiKey: narrow.key },
        { allowedIps: [] },
      );
      expect(exceeded(ips)).toBe('allowedIps');
      const limits = await adminCall<Refusal>(
        suite,
        'PATCH',
        `/api/v1/auth/keys/${narrow.apiKey.id}`,
        { apiKey: narrow.key },
        { rateLimitPerMinute: null },
      );
      expect(exceeded(limits)).toBe('limits');
      const expiry = await adminCall<Refusal>(
        suite,
        'PATCH',
        `/api/v1/auth/keys/${narrow.apiKey.id}`,
        { apiKey: narrow.key },
        { expiresAt: null },
      );
      expect(exceeded(expiry)).toBe('expiresAt');
      const { rows } = await db.query<{
        scopes: string[];
        allowed_ips: string[];
        rate_limit_per_minute: number;
        expires_at: Date | null;
      }>('SELECT scopes, allowed_ips, rate_limit_per_minute, expires_at FROM auth.api_keys WHERE id = $1', [
        narrow.apiKey.id,
      ]);
      expect(rows[0]).toMatchObject({
        scopes: ['ping', 'admin:keys'],
        allowed_ips: loopback,
        rate_limit_per_minute: 50,
      });
      expect(rows[0]!.expires_at).not.toBeNull();
    });

    it('cannot create a key with more than it holds, each refusal naming scopes, allowedIps, limits or expiry', async () => {
      const within = {
        scopes: ['ping'],
        allowedIps: ['127.0.0.1'],
        rateLimitPerMinute: 10,
        rateLimitPerHour: 100,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      };
      const as = { apiKey: narrow.key };
      expect(exceeded(await createKey(as, { ...within, scopes: ['*'] }))).toBe('scopes');
      expect(exceeded(await createKey(as, { ...within, scopes: ['admin:users'] }))).toBe('scopes');
      expect(exceeded(await createKey(as, { ...within, allowedIps: undefined }))).toBe('allowedIps');
      expect(exceeded(await createKey(as, { ...within, allowedIps: ['10.0.0.0/8'] }))).toBe('allowedIps');
      expect(exceeded(await createKey(as, { ...within, rateLimitPerMinute: null, rateLimitPerHour: null }))).toBe(
        'limits',
      );
      expect(exceeded(await createKey(as, { ...within, rateLimitPerMinute: 51 }))).toBe('limits');
      expect(exceeded(await createKey(as, { ...within, expiresAt: null }))).toBe('expiresAt');
      expect(
        exceeded(await createKey(as, { ...within, expiresAt: new Date(Date.now() + 7_200_000).toISOString() })),
      ).toBe('expiresAt');
      expect((await createKey(as, within)).status).toBe(201);
    });

    it('cannot rotate a wider key of the same owner, which would hand it that key’s secret', async () => {
      const wide = await createKey(bootstrap(), { userId: ownerId, scopes: ['*', 'admin:keys'] });
      const rotated = await adminCall<Refusal>(
        suite,
        'POST',
        `/api/v1/auth/keys/${wide.body.apiKey.id}/rotate`,
        { apiKey: narrow.key },
        { graceSeconds: 0 },
      );
      expect(exceeded(rotated)).toBe('scopes');
    });
  });

  it('lets a person grant the management scopes their role permits, and no more', async () => {
    await createUser('dev-person@example.com', 'developer');
    await createUser('admin-person@example.com', 'admin');
    const developer = { token: await loginAs('dev-person@example.com') };
    expect(exceeded(await createKey(developer, { scopes: ['*', 'admin:users'] }))).toBe('scopes');
    expect((await createKey(developer, { scopes: ['*', 'admin:keys'] })).status).toBe(201);
    const admin = { token: await loginAs('admin-person@example.com') };
    expect(
      (
        await createKey(admin, {
          scopes: ['*', ...MANAGEMENT_SCOPES],
          rateLimitPerMinute: null,
          rateLimitPerHour: null,
        })
      ).status,
    ).toBe(201);
  });

  it('caps the active keys of one user (LFC_MAX_KEYS_PER_USER), also against concurrent creations, and counts revoked keys out', async () => {
    const userId = await createUser('collector@example.com', 'developer');
    const answers = await Promise.all(Array.from({ length: 8 }, () => createKey(bootstrap(), { userId })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5);
    const refused = answers.find((answer) => answer.status !== 201)!;
    expect([refused.status, refused.body.error.code]).toEqual([409, 'conflict']);
    expect(refused.body.error.message).toContain('LFC_MAX_KEYS_PER_USER');
    const first = answers.find((answer) => answer.status === 201)!;
    expect((await adminCall(suite, 'DELETE', `/api/v1/auth/keys/${first.body.apiKey.id}`, bootstrap())).status).toBe(
      200,
    );
    expect((await createKey(bootstrap(), { userId })).status).toBe(201);
  });

  describe('setting a password or a second factor', () => {
    /** Signs an access token with auth's current key, as auth would, with the login time of the test's choosing. */
    async function tokenWithAuthTime(userId: string, authTime: number | undefined): Promise<string> {
      const { rows } = await db.query<{ kid: string; private_key_pem: string }>(
        'SELECT kid, private_key_pem FROM auth.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
      );
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        role: 'developer',
        email: 'stale@example.com',
        ver: 0,
        ...(authTime === undefined ? {} : { auth_time: authTime }),
      })
        .setProtectedHeader({ alg: 'RS256', kid: rows[0]!.kid })
        .setSubject(userId)
        .setIssuer('langflow-connect')
        .setAudience('langflow-connect')
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(await importPKCS8(rows[0]!.private_key_pem, 'RS256'));
    }

    it('is refused to an API key, so a key cannot give the passwordless bootstrap admin a password', async () => {
      const newPassword = 'chosen by whoever holds the key';
      for (const [path, body] of [
        ['/api/v1/auth/me/password', { newPassword }],
        ['/api/v1/auth/me/totp', undefined],
        ['/api/v1/auth/me/totp/confirm', { code: '123456' }],
      ] as const) {
        const answer = await adminCall<Refusal>(suite, 'POST', path, bootstrap(), body);
        expect([path, answer.status, answer.body.error.code]).toEqual([path, 403, 'fresh_login_required']);
      }
      const admin = await db.query<{ password_hash: string | null; totp_secret: string | null }>(
        "SELECT password_hash, totp_secret FROM auth.users WHERE username = 'admin'",
      );
      expect(admin.rows[0]).toEqual({ password_hash: null, totp_secret: null });
    });

    it('is refused to a token whose login is older than LFC_FRESH_LOGIN_SECONDS, or that names none; a fresh login may', async () => {
      const userId = await createUser('stale@example.com', 'developer');
      const now = Math.floor(Date.now() / 1000);
      for (const token of [await tokenWithAuthTime(userId, now - 3600), await tokenWithAuthTime(userId, undefined)]) {
        const answer = await adminCall<Refusal>(suite, 'POST', '/api/v1/auth/me/totp', { token });
        expect([answer.status, answer.body.error.code]).toEqual([403, 'fresh_login_required']);
        expect(answer.body.error.message).toContain('LFC_FRESH_LOGIN_SECONDS');
      }
      const loggingIn = Math.floor(Date.now() / 1000);
      const fresh = await loginAs('stale@example.com');
      const claims = JSON.parse(Buffer.from(fresh.split('.')[1]!, 'base64url').toString()) as {
        auth_time?: number;
        iat: number;
      };
      // The login's own time: taken as it began, so a second may tick over before the token is signed.
      expect(claims.auth_time).toBeGreaterThanOrEqual(loggingIn);
      expect(claims.auth_time).toBeLessThanOrEqual(claims.iat);
      expect((await adminCall(suite, 'POST', '/api/v1/auth/me/totp', { token: fresh })).status).toBe(201);
      expect(
        (
          await adminCall(
            suite,
            'POST',
            '/api/v1/auth/me/password',
            { token: fresh },
            { currentPassword: password, newPassword: 'another long passphrase' },
          )
        ).status,
      ).toBe(204);
    });
  });

  // Last: it retires the suite's bootstrap key.
  it('revokes the previous bootstrap key when LFC_BOOTSTRAP_API_KEY changes: audited, and refused by the gateway at once', async () => {
    expect((await callPing(suite.gatewayUrl, { 'x-api-key': suite.apiKey })).status).toBe(200);
    const replacement = newApiKey();
    const restarted = spawnService(
      'auth',
      await freePort(),
      { ...suite.envOf('auth'), LFC_BOOTSTRAP_API_KEY: replacement },
      suite.logDir,
    );
    try {
      await waitForReady(restarted);
      await waitFor(
        async () => (await callPing(suite.gatewayUrl, { 'x-api-key': suite.apiKey })).status === 401,
        2000,
        50,
      );
      expect((await callPing(suite.gatewayUrl, { 'x-api-key': replacement })).status).toBe(200);
      const keys = await adminCall<KeyView[]>(suite, 'GET', '/api/v1/auth/keys', { apiKey: replacement });
      const bootstrapKeys = keys.body.filter((key) => key.name.startsWith('bootstrap'));
      expect(bootstrapKeys.filter((key) => key.revokedAt === null)).toHaveLength(1);
      const { rows } = await db.query<{ resource: string; details: Record<string, unknown> }>(
        "SELECT resource, details FROM auth.audit_logs WHERE action = 'api_key.revoke' AND details->>'channel' = 'system'",
      );
      const revoked = bootstrapKeys.find((key) => key.revokedAt !== null)!;
      expect(rows).toEqual([
        { resource: `api_key:${revoked.id}`, details: expect.objectContaining({ reason: 'bootstrap_rotated' }) },
      ]);
    } finally {
      await stopProcess(restarted.child);
    }
  });
});
