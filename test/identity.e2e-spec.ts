import { createHmac, createPrivateKey } from 'node:crypto';
import { Client } from 'pg';
import { ANNOUNCED, adminCall, callPing, createKey, holdsWithinTries, waitFor } from './support/admin-api';
import { signWithAuthKey as signAsAuth } from './support/auth-tokens';
import { INITIALIZE, mcpRequest } from './support/mcp-clients';
import { ServiceProcess, freePort, spawnService, stopProcess, waitForReady } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

/** A claim the test set, or the default the signed token carries. */
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('identity and access at the gateway', () => {
  let suite: RunningSuite;
  let token: string;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    // Gateway 0 trusts no proxy; gateway 1 trusts the loopback peer as a proxy.
    suite = await RunningSuite.start({
      env: {
        LFC_KEY_ROTATION_GRACE_SECONDS: '2',
        LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: '5000',
        LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: '50000',
      },
      gatewayEnv: { LFC_KEY_USAGE_FLUSH_MS: '1000' },
    });
    await suite.addGateway({ LFC_TRUSTED_PROXIES: '127.0.0.1,::1' });
    const created = await adminCall(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      {
        email: 'Dev@Example.com',
        password,
        role: 'developer',
      },
    );
    expect(created.status).toBe(201);
    const login = await adminCall<{ accessToken: string }>(
      suite,
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'dev@example.com', password },
    );
    expect(login.status).toBe(200);
    token = login.body.accessToken;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const gateway = (index: number) => suite.gateways[index]!.url;
  const reasonOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  /** Signs a token with auth's real current key, with claims of the test's choosing. */
  function signWithAuthKey(claims: Record<string, unknown>, expiresAt: number): Promise<string> {
    return signAsAuth(suite.databaseUrl, {
      role: 'developer',
      email: 'dev@example.com',
      sub: '00000000-0000-0000-0000-000000000000',
      iss: 'langflow-connect',
      aud: 'langflow-connect',
      iat: expiresAt - 3600,
      exp: expiresAt,
      ...claims,
    });
  }

  it('accepts a valid API key and a valid access token', async () => {
    expect((await callPing(gateway(0), { 'x-api-key': suite.apiKey })).status).toBe(200);
    const viaToken = await callPing(gateway(0), { authorization: `Bearer ${token}` });
    expect(viaToken.status).toBe(200);
  });

  it('refuses a missing, malformed or unknown key with 401 and RFC 9728 metadata', async () => {
    const missing = await callPing(gateway(0), {});
    expect(missing.status).toBe(401);
    expect(await reasonOf(missing)).toBe('missing_api_key');
    expect(missing.headers.get('www-authenticate')).toMatch(
      /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource"/,
    );
    const malformed = await callPing(gateway(0), { 'x-api-key': 'lfc_short' });
    expect([malformed.status, await reasonOf(malformed)]).toEqual([401, 'invalid_api_key']);
    const unknown = await callPing(gateway(0), { 'x-api-key': `lfc_${'Z'.repeat(43)}` });
    expect([unknown.status, await reasonOf(unknown)]).toEqual([401, 'invalid_api_key']);
    const metadata = await fetch(`${gateway(0)}/.well-known/oauth-protected-resource/mcp`);
    expect(((await metadata.json()) as { resource: string }).resource).toMatch(/\/mcp$/);
  });

  it('refuses a revoked key on both gateways within 1 s', async () => {
    const { key, apiKey } = await createKey(suite, {});
    for (const index of [0, 1]) expect((await callPing(gateway(index), { 'x-api-key': key })).status).toBe(200);
    const revoked = await adminCall(suite, 'DELETE', `/api/v1/auth/keys/${apiKey.id}`, { apiKey: suite.apiKey });
    expect(revoked.status).toBe(200);
    // "Within 1 s" counted in back-to-back tries (see holdsWithinTries), so machine load cannot break it.
    for (const index of [0, 1]) {
      expect(
        await holdsWithinTries(
          async () => (await callPing(gateway(index), { 'x-api-key': key })).status === 401,
          ANNOUNCED,
        ),
      ).toBe(true);
    }
  });

  it('keeps a rotated key valid through the grace period, then refuses it', async () => {
    const { key, apiKey } = await createKey(suite, {});
    expect((await callPing(gateway(0), { 'x-api-key': key })).status).toBe(200);
    const rotated = await adminCall<{ key: string; previousKeyExpiresAt: string }>(
      suite,
      'POST',
      `/api/v1/auth/keys/${apiKey.id}/rotate`,
      { apiKey: suite.apiKey },
      // Long enough that the calls below land inside it on a loaded machine; the refusal is waited for.
      { graceSeconds: 5 },
    );
    expect(rotated.status).toBe(200);
    expect((await callPing(gateway(0), { 'x-api-key': rotated.body.key })).status).toBe(200);
    expect((await callPing(gateway(0), { 'x-api-key': key })).status).toBe(200);
    await waitFor(async () => (await callPing(gateway(0), { 'x-api-key': key })).status === 401, 30_000, 100);
    expect((await callPing(gateway(0), { 'x-api-key': rotated.body.key })).status).toBe(200);
  });

  it('refuses an expired key', async () => {
    // Long enough that the first call lands before the end on a loaded machine; the refusal is waited for.
    const { key } = await createKey(suite, { expiresAt: new Date(Date.now() + 5000).toISOString() });
    expect((await callPing(gateway(0), { 'x-api-key': key })).status).toBe(200);
    await waitFor(async () => (await callPing(gateway(0), { 'x-api-key': key })).status === 401, 30_000, 100);
    const response = await callPing(gateway(0), { 'x-api-key': key });
    expect([response.status, await reasonOf(response)]).toEqual([401, 'invalid_api_key']);
  });

  it('refuses an unsigned (alg: none) token', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'admin', email: 'a@b.c', iss: 'langflow-connect', aud: 'langflow-connect', exp: 9_999_999_999, iat: 1 })}.`;
    const response = await callPing(gateway(0), { authorization: `Bearer ${unsigned}` });
    expect([response.status, await reasonOf(response)]).toEqual([401, 'invalid_token']);
  });

  it('refuses an HS256 token signed with the public key (algorithm confusion)', async () => {
    const jwks = (await (await fetch(`${suite.authUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    const jwk = jwks.keys[0]!;
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey({ key: jwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: jwk.kid })}.${b64({ sub: 'x', role: 'admin', email: 'a@b.c', iss: 'langflow-connect', aud: 'langflow-connect', exp: 9_999_999_999, iat: 1 })}`;
    const forged = `${head}.${createHmac('sha256', pem).update(head).digest('base64url')}`;
    const response = await callPing(gateway(0), { authorization: `Bearer ${forged}` });
    expect([response.status, await reasonOf(response)]).toEqual([401, 'invalid_token']);
  });

  it('refuses an expired token and one for another audience', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await signWithAuthKey({}, now - 60);
    const response = await callPing(gateway(0), { authorization: `Bearer ${expired}` });
    expect([response.status, await reasonOf(response)]).toEqual([401, 'expired_token']);
    const otherAudience = await signWithAuthKey({ aud: 'some-other-service' }, now + 600);
    const refused = await callPing(gateway(0), { authorization: `Bearer ${otherAudience}` });
    expect([refused.status, await reasonOf(refused)]).toEqual([401, 'invalid_token']);
    const otherIssuer = await signWithAuthKey({ iss: 'someone-else' }, now + 600);
    expect((await callPing(gateway(0), { authorization: `Bearer ${otherIssuer}` })).status).toBe(401);
    // The same key with the right claims passes, so the refusals above are about the claims.
    const good = await signWithAuthKey({}, now + 600);
    expect((await callPing(gateway(0), { authorization: `Bearer ${good}` })).status).toBe(200);
    expect(createPrivateKey).toBeDefined();
  });

  it('enforces the IP allow-list and ignores X-Forwarded-For from an untrusted peer', async () => {
    const { key } = await createKey(suite, { allowedIps: ['198.51.100.0/24'] });
    const direct = await callPing(gateway(0), { 'x-api-key': key });
    expect([direct.status, await reasonOf(direct)]).toEqual([403, 'ip_not_allowed']);
    const spoofed = await callPing(gateway(0), { 'x-api-key': key, 'x-forwarded-for': '198.51.100.7' });
    expect([spoofed.status, await reasonOf(spoofed)]).toEqual([403, 'ip_not_allowed']);
    // Through a trusted proxy the forwarded address counts.
    const proxied = await callPing(gateway(1), { 'x-api-key': key, 'x-forwarded-for': '198.51.100.7' });
    expect(proxied.status).toBe(200);
    const { key: v6Key } = await createKey(suite, { allowedIps: ['2001:db8::/32'] });
    expect((await callPing(gateway(1), { 'x-api-key': v6Key, 'x-forwarded-for': '2001:db8::42' })).status).toBe(200);
    expect((await callPing(gateway(1), { 'x-api-key': v6Key, 'x-forwarded-for': '2001:db9::42' })).status).toBe(403);
  });

  it('lists only the tools a key’s scopes allow and refuses calling another', async () => {
    const { key } = await createKey(suite, { scopes: ['get_*'] });
    const listed = await fetch(`${gateway(0)}/api/v1/tools/list`, { headers: { 'x-api-key': key } });
    const names = ((await listed.json()) as { tools: { name: string }[] }).tools.map((tool) => tool.name);
    expect(names).toContain('get_system_status');
    expect(names).not.toContain('ping');
    const refused = await callPing(gateway(0), { 'x-api-key': key });
    expect([refused.status, await reasonOf(refused)]).toEqual([403, 'insufficient_scope']);
  });

  it('asks for a second factor once TOTP is enrolled, and takes each recovery code once', async () => {
    const { authenticator } = await import('otplib');
    const email = 'totp@example.com';
    expect(
      (
        await adminCall(
          suite,
          'POST',
          '/api/v1/auth/users',
          { apiKey: suite.apiKey },
          { email, password, role: 'user' },
        )
      ).status,
    ).toBe(201);
    const first = await adminCall<{ accessToken: string }>(
      suite,
      'POST',
      '/api/v1/auth/login',
      {},
      { email, password },
    );
    const userToken = first.body.accessToken;
    const enrol = await adminCall<{ secret: string; otpauthUrl: string }>(suite, 'POST', '/api/v1/auth/me/totp', {
      token: userToken,
    });
    expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await adminCall(
      suite,
      'POST',
      '/api/v1/auth/me/totp/confirm',
      { token: userToken },
      { code: '000000' },
    );
    expect(wrong.status).toBe(400);
    const confirmed = await adminCall<{ recoveryCodes: string[] }>(
      suite,
      'POST',
      '/api/v1/auth/me/totp/confirm',
      { token: userToken },
      {
        code: authenticator.generate(enrol.body.secret),
      },
    );
    expect(confirmed.body.recoveryCodes).toHaveLength(10);

    // Without the code the answer is the one a wrong password gets: it does not confirm the password.
    const withoutCode = await adminCall<{ error: { code: string } }>(
      suite,
      'POST',
      '/api/v1/auth/login',
      {},
      { email, password },
    );
    expect([withoutCode.status, withoutCode.body.error.code]).toEqual([401, 'invalid_credentials']);
    // The code that confirmed was spent; one of the next time step (one step of drift is allowed) logs in.
    const nextCode = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(enrol.body.secret);
    const withCode = await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email, password, totpCode: nextCode });
    expect(withCode.status).toBe(200);
    const recovery = confirmed.body.recoveryCodes[0]!;
    expect(
      (await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email, password, recoveryCode: recovery })).status,
    ).toBe(200);
    expect(
      (await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email, password, recoveryCode: recovery })).status,
    ).toBe(401);
    const badPassword = await adminCall<{ error: { code: string } }>(
      suite,
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'nobody@example.com', password },
    );
    expect([badPassword.status, badPassword.body.error.code]).toEqual([401, 'invalid_credentials']);
  });

  it('checks roles on the admin API and audits every change', async () => {
    const asDeveloper = await adminCall(suite, 'GET', '/api/v1/auth/users', { token });
    expect([asDeveloper.status, (asDeveloper.body as { error: { code: string } }).error.code]).toEqual([
      403,
      'insufficient_role',
    ]);
    const ownKey = await adminCall(
      suite,
      'POST',
      '/api/v1/auth/keys',
      { token },
      { name: 'mine', rateLimitPerMinute: 10 },
    );
    expect(ownKey.status).toBe(201);
    const tooHigh = await adminCall(
      suite,
      'POST',
      '/api/v1/auth/keys',
      { token },
      { name: 'greedy', rateLimitPerMinute: null },
    );
    expect(tooHigh.status).toBe(403);
    const widened = await adminCall(
      suite,
      'POST',
      '/api/v1/auth/keys',
      { token },
      { name: 'admin-ish', role: 'admin' },
    );
    expect(widened.status).toBe(403);
    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ action: string }>(`SELECT action FROM auth.audit_logs ORDER BY timestamp`);
    await db.end();
    expect(rows.map((row) => row.action)).toEqual(
      expect.arrayContaining(['user.create', 'api_key.create', 'api_key.revoke', 'api_key.rotate']),
    );
    const docs = await fetch(`${suite.authUrl}/docs`);
    expect(docs.status).toBe(200);
  });

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    try {
      return (await db.query(sql, params)).rows as T[];
    } finally {
      await db.end();
    }
  }

  it('refuses a deactivated user’s keys on both gateways within 1 s, and takes them back on reactivation', async () => {
    const user = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email: 'leaver@example.com', password, role: 'developer' },
    );
    const { key } = await createKey(suite, { userId: user.body.id });
    for (const index of [0, 1]) expect((await callPing(gateway(index), { 'x-api-key': key })).status).toBe(200);
    const deactivated = await adminCall(
      suite,
      'PATCH',
      `/api/v1/auth/users/${user.body.id}`,
      { apiKey: suite.apiKey },
      { isActive: false },
    );
    expect(deactivated.status).toBe(200);
    for (const index of [0, 1]) {
      expect(
        await holdsWithinTries(
          async () => (await callPing(gateway(index), { 'x-api-key': key })).status === 401,
          ANNOUNCED,
        ),
      ).toBe(true);
    }
    // The refusal was cached too (5 s); reactivation is announced like any change.
    await adminCall(suite, 'PATCH', `/api/v1/auth/users/${user.body.id}`, { apiKey: suite.apiKey }, { isActive: true });
    for (const index of [0, 1]) {
      expect(
        await holdsWithinTries(
          async () => (await callPing(gateway(index), { 'x-api-key': key })).status === 200,
          ANNOUNCED,
        ),
      ).toBe(true);
    }
  });

  it('lets a demoted admin’s keys act only at the new role, on both gateways within 1 s', async () => {
    const user = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email: 'demoted@example.com', password, role: 'admin' },
    );
    const { key } = await createKey(suite, { userId: user.body.id, role: 'admin', scopes: ['*', 'admin:audit'] });
    const audit = (index: number) => fetch(`${gateway(index)}/api/v1/audit`, { headers: { 'x-api-key': key } });
    for (const index of [0, 1]) expect((await audit(index)).status).toBe(200);
    await adminCall(suite, 'PATCH', `/api/v1/auth/users/${user.body.id}`, { apiKey: suite.apiKey }, { role: 'user' });
    for (const index of [0, 1]) {
      expect(await holdsWithinTries(async () => (await audit(index)).status === 403, ANNOUNCED)).toBe(true);
    }
    expect((await callPing(gateway(0), { 'x-api-key': key })).status).toBe(200);
  });

  it('refuses a token that is not valid yet (nbf in the future)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const early = await signWithAuthKey({ nbf: now + 600 }, now + 3600);
    const response = await callPing(gateway(0), { authorization: `Bearer ${early}` });
    expect([response.status, await reasonOf(response)]).toEqual([401, 'invalid_token']);
  });

  it('answers unknown, revoked, expired and rotated-out keys with the same 401, so none leaks that it exists', async () => {
    const revoked = await createKey(suite, {});
    await adminCall(suite, 'DELETE', `/api/v1/auth/keys/${revoked.apiKey.id}`, { apiKey: suite.apiKey });
    const expired = await createKey(suite, { expiresAt: new Date(Date.now() + 1000).toISOString() });
    const rotated = await createKey(suite, {});
    await adminCall(
      suite,
      'POST',
      `/api/v1/auth/keys/${rotated.apiKey.id}/rotate`,
      { apiKey: suite.apiKey },
      { graceSeconds: 0 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refusals = await Promise.all(
      [`lfc_${'Q'.repeat(43)}`, revoked.key, expired.key, rotated.key].map(async (key) => {
        const response = await callPing(gateway(0), { 'x-api-key': key });
        const body = (await response.json()) as { error: Record<string, unknown> };
        delete body.error.requestId;
        return { status: response.status, challenge: response.headers.get('www-authenticate'), body };
      }),
    );
    expect(refusals[0]).toMatchObject({ status: 401, body: { error: { code: 'invalid_api_key' } } });
    for (const refusal of refusals.slice(1)) expect(refusal).toEqual(refusals[0]);
  });

  it('gives new keys the default limits (100/min, 1000/h) and the bootstrap key those of its configuration', async () => {
    const { apiKey, key } = await createKey(suite, {});
    expect(apiKey.rateLimits).toEqual({ perMinute: 100, perHour: 1000 });
    expect((await callPing(gateway(0), { 'x-api-key': key })).headers.get('ratelimit-limit')).toBe('100');
    const keys = await adminCall<{ name: string; rateLimits: unknown }[]>(suite, 'GET', '/api/v1/auth/keys', {
      apiKey: suite.apiKey,
    });
    expect(keys.body.find((listed) => listed.name.startsWith('bootstrap'))?.rateLimits).toEqual({
      perMinute: 5000,
      perHour: 50000,
    });
    expect((await callPing(gateway(0), { 'x-api-key': suite.apiKey })).headers.get('ratelimit-limit')).toBe('5000');
  });

  /** An admin signed in: unlike the bootstrap key of this suite (5000/min), not bound by limits of their own. */
  async function adminToken(): Promise<string> {
    const email = 'limits-admin@example.com';
    await adminCall(suite, 'POST', '/api/v1/auth/users', { apiKey: suite.apiKey }, { email, password, role: 'admin' });
    return (await adminCall<{ accessToken: string }>(suite, 'POST', '/api/v1/auth/login', {}, { email, password })).body
      .accessToken;
  }

  async function createKeyAsAdmin(settings: Record<string, unknown>): Promise<{ key: string }> {
    const created = await adminCall<{ key: string }>(
      suite,
      'POST',
      '/api/v1/auth/keys',
      { token: await adminToken() },
      { name: `key-${Math.random().toString(36).slice(2)}`, ...settings },
    );
    expect(created.status).toBe(201);
    return created.body;
  }

  it('never refuses an unlimited key for its rate, and sends it no RateLimit headers (there is no quota to describe)', async () => {
    const { key } = await createKeyAsAdmin({ rateLimitPerMinute: null, rateLimitPerHour: null });
    const responses = await Promise.all(
      Array.from({ length: 150 }, (_, index) => callPing(gateway(index % 2), { 'x-api-key': key })),
    );
    expect(responses.map((response) => response.status).filter((status) => status !== 200)).toEqual([]);
    for (const response of responses) {
      expect(response.headers.get('ratelimit-limit')).toBeNull();
      expect(response.headers.get('ratelimit-remaining')).toBeNull();
      expect(response.headers.get('retry-after')).toBeNull();
    }
    // Only the hourly window limited: the headers describe that one.
    const { key: hourly } = await createKeyAsAdmin({ rateLimitPerMinute: null, rateLimitPerHour: 7 });
    const answer = await callPing(gateway(0), { 'x-api-key': hourly });
    expect([answer.headers.get('ratelimit-limit'), answer.headers.get('ratelimit-remaining')]).toEqual(['7', '6']);
    expect(Number(answer.headers.get('ratelimit-reset'))).toBeGreaterThan(60);
  });

  it('records last_used from the gateway’s batched report', async () => {
    const { key, apiKey } = await createKey(suite, {});
    const before = Date.now();
    for (let call = 0; call < 5; call++) expect((await callPing(gateway(0), { 'x-api-key': key })).status).toBe(200);
    await waitFor(
      async () => {
        const [row] = await query<{ last_used: Date | null }>('SELECT last_used FROM auth.api_keys WHERE id = $1', [
          apiKey.id,
        ]);
        return row?.last_used != null;
      },
      3000,
      100,
    );
    const [row] = await query<{ last_used: Date }>('SELECT last_used FROM auth.api_keys WHERE id = $1', [apiKey.id]);
    expect(row!.last_used.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('over MCP, lists only the tools a key’s scopes allow and refuses calling another with a JSON-RPC error naming it', async () => {
    const { key } = await createKey(suite, { scopes: ['get_*'] });
    const init = await mcpRequest(gateway(0), key, INITIALIZE);
    expect(init.status).toBe(200);
    const listed = await mcpRequest(gateway(0), key, { id: 1, method: 'tools/list' }, init.sessionId);
    const names = listed.body!.result!.tools!.map((tool) => tool.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.startsWith('get_'))).toBe(true);
    const refused = await mcpRequest(
      gateway(0),
      key,
      { id: 2, method: 'tools/call', params: { name: 'ping', arguments: {} } },
      init.sessionId,
    );
    expect(refused.body!.error).toMatchObject({ code: -32001, data: { reason: 'insufficient_scope', tool: 'ping' } });
    expect(refused.body!.error!.message).toContain('ping');
  });

  it('changes a password: the old one is refused after, the new one works', async () => {
    const email = 'changer@example.com';
    await adminCall(suite, 'POST', '/api/v1/auth/users', { apiKey: suite.apiKey }, { email, password, role: 'user' });
    const login = await adminCall<{ accessToken: string }>(
      suite,
      'POST',
      '/api/v1/auth/login',
      {},
      { email, password },
    );
    const fresh = 'a brand new passphrase 42';
    const wrong = await adminCall<{ error: { code: string } }>(
      suite,
      'POST',
      '/api/v1/auth/me/password',
      { token: login.body.accessToken },
      { currentPassword: 'not it at all', newPassword: fresh },
    );
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    const changed = await adminCall(
      suite,
      'POST',
      '/api/v1/auth/me/password',
      { token: login.body.accessToken },
      { currentPassword: password, newPassword: fresh },
    );
    expect(changed.status).toBe(204);
    expect((await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email, password })).status).toBe(401);
    expect((await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email, password: fresh })).status).toBe(200);
  });

  describe('when another auth replica starts with other settings', () => {
    let second: ServiceProcess;
    let oldKid: string;
    let oldToken: string;

    beforeAll(async () => {
      // The gateway loads the JWKS for this token; it may refresh again only 5 s later.
      oldToken = token;
      expect((await callPing(gateway(1), { authorization: `Bearer ${oldToken}` })).status).toBe(200);
      const cachedAt = Date.now();
      const [current] = await query<{ kid: string }>('SELECT kid FROM auth.signing_keys WHERE retired_at IS NULL');
      oldKid = current!.kid;
      // Past the rotation period, so the new replica rotates at start as scheduled.
      await query("UPDATE auth.signing_keys SET created_at = now() - interval '40 days' WHERE retired_at IS NULL");
      const port = await freePort();
      second = spawnService(
        'auth',
        port,
        { ...suite.envOf('auth'), LFC_SELF_REGISTRATION: 'true', LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: '6000' },
        suite.logDir,
      );
      await waitForReady(second);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, cachedAt + 5100 - Date.now())));
    });

    afterAll(async () => {
      if (second) await stopProcess(second.child);
    });

    const call = <T = Record<string, unknown>>(
      base: string,
      method: string,
      path: string,
      credential: { apiKey?: string; token?: string },
      body?: unknown,
    ) => adminCall<T>({ authUrl: base }, method, path, credential, body);

    it('audits the bootstrap key’s new limits and the scheduled signing-key rotation with the system as actor', async () => {
      const rows = await query<{
        action: string;
        resource: string;
        user_id: string | null;
        details: Record<string, unknown>;
      }>(
        "SELECT action, resource, user_id, details FROM auth.audit_logs WHERE details->>'channel' = 'system' ORDER BY seq",
      );
      expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['api_key.update', 'signing_key.rotate']));
      const limits = rows.find((row) => row.action === 'api_key.update')!;
      expect(limits.user_id).toBeNull();
      expect(limits.details).toMatchObject({
        from: { perMinute: 5000, perHour: 50000 },
        to: { perMinute: 6000, perHour: 50000 },
      });
      expect(rows.find((row) => row.action === 'signing_key.rotate')!.details).toMatchObject({
        reason: 'scheduled',
        retired: oldKid,
      });
      // The change is announced: gateways drop the cached key and apply the new limit.
      await waitFor(
        async () =>
          (await callPing(gateway(0), { 'x-api-key': suite.apiKey })).headers.get('ratelimit-limit') === '6000',
        1000,
        50,
      );
    });

    it('verifies a token signed by the rotated-in key on a gateway that had cached the old JWKS', async () => {
      const login = await call<{ accessToken: string }>(
        second.url,
        'POST',
        '/api/v1/auth/login',
        {},
        { email: 'dev@example.com', password },
      );
      expect(login.status).toBe(200);
      const header = JSON.parse(Buffer.from(login.body.accessToken.split('.')[0]!, 'base64url').toString()) as {
        kid: string;
      };
      expect(header.kid).not.toBe(oldKid);
      expect((await callPing(gateway(1), { authorization: `Bearer ${login.body.accessToken}` })).status).toBe(200);
      // Tokens of the retired key stay valid until they expire.
      expect((await callPing(gateway(1), { authorization: `Bearer ${oldToken}` })).status).toBe(200);
    });

    it('signs with the key another replica rotated in, on every replica, and rotates once', async () => {
      const kidOf = (token: string) =>
        (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
      const first = await adminCall<{ accessToken: string }>(
        suite,
        'POST',
        '/api/v1/auth/login',
        {},
        { email: 'dev@example.com', password },
      );
      const other = await call<{ accessToken: string }>(
        second.url,
        'POST',
        '/api/v1/auth/login',
        {},
        { email: 'dev@example.com', password },
      );
      expect(kidOf(first.body.accessToken)).not.toBe(oldKid);
      expect(kidOf(first.body.accessToken)).toBe(kidOf(other.body.accessToken));
      const live = await query<{ kid: string }>('SELECT kid FROM auth.signing_keys WHERE retired_at IS NULL');
      expect(live.map((row) => row.kid)).toEqual([kidOf(first.body.accessToken)]);
    });

    it('opens self-service registration only where it is enabled, and audits it', async () => {
      const closed = await adminCall<{ error: { code: string } }>(
        suite,
        'POST',
        '/api/v1/auth/register',
        {},
        { email: 'self@example.com', password },
      );
      expect([closed.status, closed.body.error.code]).toEqual([403, 'forbidden']);
      const opened = await call<{ id: string; role: string }>(
        second.url,
        'POST',
        '/api/v1/auth/register',
        {},
        { email: 'self@example.com', password },
      );
      expect([opened.status, opened.body.role]).toEqual([201, 'user']);
      // A role in the request is not the registrant's to choose.
      const widened = await call<{ role: string }>(
        second.url,
        'POST',
        '/api/v1/auth/register',
        {},
        { email: 'boss@example.com', password, role: 'admin' },
      );
      expect([widened.status, widened.body.role]).toEqual([201, 'user']);
      expect(
        (await call(second.url, 'POST', '/api/v1/auth/login', {}, { email: 'self@example.com', password })).status,
      ).toBe(200);
      const [record] = await query<{ user_id: string }>(
        "SELECT user_id FROM auth.audit_logs WHERE action = 'user.register' AND resource = $1",
        [`user:${opened.body.id}`],
      );
      expect(record?.user_id).toBe(opened.body.id);
    });

    it('has an audit record of each user update, password change and TOTP step, naming the user', async () => {
      const rows = await query<{
        action: string;
        resource: string;
        user_id: string | null;
        details: Record<string, unknown>;
      }>("SELECT action, resource, user_id, details FROM auth.audit_logs WHERE action LIKE 'user.%' ORDER BY seq");
      const users = await adminCall<{ id: string; email: string }[]>(suite, 'GET', '/api/v1/auth/users', {
        apiKey: suite.apiKey,
      });
      const idOf = (email: string) => users.body.find((user) => user.email === email)!.id;
      const of = (action: string, email: string) =>
        rows.filter((row) => row.action === action && row.resource === `user:${idOf(email)}`);
      expect(of('user.update', 'leaver@example.com').map((row) => row.details.changes)).toEqual([
        { isActive: false },
        { isActive: true },
      ]);
      expect(of('user.update', 'demoted@example.com')[0]?.details).toMatchObject({
        changes: { role: 'user' },
        role: 'admin',
      });
      expect(of('user.create', 'demoted@example.com')[0]?.details).toMatchObject({ userRole: 'admin' });
      expect(of('user.register', 'self@example.com')[0]?.details).toMatchObject({ userRole: 'user' });
      expect(of('user.password_change', 'changer@example.com')).toHaveLength(1);
      expect(of('user.password_change', 'changer@example.com')[0]!.user_id).toBe(idOf('changer@example.com'));
      expect(of('user.totp_enrol', 'totp@example.com')).toHaveLength(1);
      expect(of('user.totp_confirm', 'totp@example.com')).toHaveLength(1);
    });
  });
});
