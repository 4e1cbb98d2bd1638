import { createHmac, createPrivateKey } from 'node:crypto';
import { Client } from 'pg';
import { SignJWT, importPKCS8 } from 'jose';
import { adminCall, callPing, createKey, waitFor } from './support/admin-api';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('identity and access at the gateway', () => {
  let suite: RunningSuite;
  let token: string;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    // Gateway 0 trusts no proxy; gateway 1 trusts the loopback peer as a proxy.
    suite = await RunningSuite.start({ env: { LFC_KEY_ROTATION_GRACE_SECONDS: '2' } });
    await suite.addGateway({ LFC_TRUSTED_PROXIES: '127.0.0.1,::1' });
    const created = await adminCall(suite, 'POST', '/api/v1/auth/users', { apiKey: suite.apiKey }, {
      email: 'Dev@Example.com',
      password,
      role: 'developer',
    });
    expect(created.status).toBe(201);
    const login = await adminCall<{ accessToken: string }>(suite, 'POST', '/api/v1/auth/login', {}, { email: 'dev@example.com', password });
    expect(login.status).toBe(200);
    token = login.body.accessToken;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const gateway = (index: number) => suite.gateways[index]!.url;
  const reasonOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  /** Signs a token with auth's real current key, with claims of the test's choosing. */
  async function signWithAuthKey(claims: Record<string, unknown>, expiresAt: number): Promise<string> {
    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ kid: string; private_key_pem: string }>(
      'SELECT kid, private_key_pem FROM auth.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
    );
    await db.end();
    const row = rows[0]!;
    return new SignJWT({ role: 'developer', email: 'dev@example.com', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: row.kid })
      .setSubject(String(claims.sub ?? '00000000-0000-0000-0000-000000000000'))
      .setIssuer(String(claims.iss ?? 'langflow-connect'))
      .setAudience(String(claims.aud ?? 'langflow-connect'))
      .setIssuedAt(expiresAt - 3600)
      .setExpirationTime(expiresAt)
      .sign(await importPKCS8(row.private_key_pem, 'RS256'));
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
    expect(missing.headers.get('www-authenticate')).toMatch(/resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource"/);
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
    for (const index of [0, 1]) {
      const elapsed = await waitFor(async () => (await callPing(gateway(index), { 'x-api-key': key })).status === 401, 1000, 20);
      expect(elapsed).toBeLessThan(1000);
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
      { graceSeconds: 2 },
    );
    expect(rotated.status).toBe(200);
    expect((await callPing(gateway(0), { 'x-api-key': rotated.body.key })).status).toBe(200);
    expect((await callPing(gateway(0), { 'x-api-key': key })).status).toBe(200);
    await waitFor(async () => (await callPing(gateway(0), { 'x-api-key': key })).status === 401, 4000, 100);
    expect((await callPing(gateway(0), { 'x-api-key': rotated.body.key })).status).toBe(200);
  });

  it('refuses an expired key', async () => {
    const { key } = await createKey(suite, { expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await callPing(gateway(0), { 'x-api-key': key })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
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
    const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
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
    expect((await adminCall(suite, 'POST', '/api/v1/auth/users', { apiKey: suite.apiKey }, { email, password, role: 'user' })).status).toBe(201);
    const first = await adminCall<{ accessToken: string }>(suite, 'POST', '/api/v1/auth/login', {}, { email, password });
    const userToken = first.body.accessToken;
    const enrol = await adminCall<{ secret: string; otpauthUrl: string }>(suite, 'POST', '/api/v1/auth/me/totp', { token: userToken });
    expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await adminCall(suite, 'POST', '/api/v1/auth/me/totp/confirm', { token: userToken }, { code: '000000' });
    expect(wrong.status).toBe(400);
    const confirmed = await adminCall<{ recoveryCodes: string[] }>(suite, 'POST', '/api/v1/auth/me/totp/confirm', { token: userToken }, {
      code: authenticator.generate(enrol.body.secret),
    });
    expect(confirmed.body.recoveryCodes).toHaveLength(10);

    const withoutCode = await adminCall<{ error: { code: string } }>(suite, 'POST', '/api/v1/auth/login', {}, { email, password });
    expect([withoutCode.status, withoutCode.body.error.code]).toEqual([401, 'totp_required']);
    const withCode = await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email, password, totpCode: authenticator.generate(enrol.body.secret) });
    expect(withCode.status).toBe(200);
    const recovery = confirmed.body.recoveryCodes[0]!;
    expect((await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email, password, recoveryCode: recovery })).status).toBe(200);
    expect((await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email, password, recoveryCode: recovery })).status).toBe(401);
    const badPassword = await adminCall<{ error: { code: string } }>(suite, 'POST', '/api/v1/auth/login', {}, { email: 'nobody@example.com', password });
    expect([badPassword.status, badPassword.body.error.code]).toEqual([401, 'invalid_credentials']);
  });

  it('checks roles on the admin API and audits every change', async () => {
    const asDeveloper = await adminCall(suite, 'GET', '/api/v1/auth/users', { token });
    expect([asDeveloper.status, (asDeveloper.body as { error: { code: string } }).error.code]).toEqual([403, 'insufficient_role']);
    const ownKey = await adminCall(suite, 'POST', '/api/v1/auth/keys', { token }, { name: 'mine', rateLimitPerMinute: 10 });
    expect(ownKey.status).toBe(201);
    const tooHigh = await adminCall(suite, 'POST', '/api/v1/auth/keys', { token }, { name: 'greedy', rateLimitPerMinute: null });
    expect(tooHigh.status).toBe(403);
    const widened = await adminCall(suite, 'POST', '/api/v1/auth/keys', { token }, { name: 'admin-ish', role: 'admin' });
    expect(widened.status).toBe(403);
    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ action: string }>(`SELECT action FROM auth.audit_logs ORDER BY timestamp`);
    await db.end();
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['user.create', 'api_key.create', 'api_key.revoke', 'api_key.rotate']));
    const docs = await fetch(`${suite.authUrl}/docs`);
    expect(docs.status).toBe(200);
  });
});
