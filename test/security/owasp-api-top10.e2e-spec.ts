import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { adminCall, callPing, createKey } from '../support/admin-api';
import { RunningSuite } from '../support/suite';

jest.setTimeout(180_000);

/**
 * One describe per OWASP API Security Top 10 (2023) item. Each test asserts the defence itself (the
 * refusal, the missing field, the header), not only that a request was made. docs/security.md maps
 * each threat to its defence and to the test here or in the focused suites beside this file.
 */
describe('OWASP API Security Top 10 (2023)', () => {
  let suite: RunningSuite;
  const admin = () => ({ apiKey: suite.apiKey });
  /** A developer with a tools-only key and a key-managing key, and a plain user with a tools-only key. */
  const people = {} as Record<'dev' | 'user', { id: string; toolKey: string; keyId: string }> & { devManager: string };

  const facade = (key: string, name: string, args: Record<string, unknown>) =>
    fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ name, arguments: args }),
    });
  const toolResult = async (response: Response) =>
    (await response.json()) as {
      isError?: boolean;
      structuredContent?: Record<string, unknown>;
      content?: { text: string }[];
    };

  async function person(
    role: 'developer' | 'user',
    email: string,
  ): Promise<{ id: string; toolKey: string; keyId: string }> {
    const created = await adminCall<{ id: string }>(suite, 'POST', '/api/v1/auth/users', admin(), {
      email,
      password: 'correct horse battery',
      role,
    });
    expect(created.status).toBe(201);
    const key = await createKey(suite, { userId: created.body.id, scopes: ['*'] });
    return { id: created.body.id, toolKey: key.key, keyId: key.apiKey.id };
  }

  beforeAll(async () => {
    suite = await RunningSuite.start({
      env: { LFC_MAX_KEYS_PER_USER: '4', LFC_CORS_ORIGINS: 'https://console.example' },
    });
    people.dev = await person('developer', 'dev@example.com');
    people.user = await person('user', 'user@example.com');
    people.devManager = (await createKey(suite, { userId: people.dev.id, scopes: ['*', 'admin:keys'] })).key;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  describe('API1 broken object level authorization', () => {
    it("keeps each tenant's files to itself, whatever path is asked for", async () => {
      const written = await toolResult(
        await facade(people.dev.toolKey, 'write_file', { path: 'private/plan.txt', content: 'dev only' }),
      );
      expect(written.isError).toBeFalsy();
      const direct = await toolResult(await facade(people.user.toolKey, 'read_file', { path: 'private/plan.txt' }));
      expect(direct.isError).toBe(true);
      for (const path of [
        '../private/plan.txt',
        `../user-${people.dev.id}/private/plan.txt`,
        `/tenants/user-${people.dev.id}/private/plan.txt`,
      ]) {
        const escaped = await toolResult(await facade(people.user.toolKey, 'read_file', { path }));
        expect(escaped.isError).toBe(true);
        expect(JSON.stringify(escaped)).not.toContain('dev only');
      }
    });

    it("refuses a developer managing another user's key", async () => {
      // Another user's key is answered as if it did not exist: its id discloses nothing.
      const other = await adminCall(
        suite,
        'PATCH',
        `/api/v1/auth/keys/${people.user.keyId}`,
        { apiKey: people.devManager },
        { scopes: ['ping'] },
      );
      expect(other.status).toBe(404);
      const revoke = await adminCall(suite, 'DELETE', `/api/v1/auth/keys/${people.user.keyId}`, {
        apiKey: people.devManager,
      });
      expect(revoke.status).toBe(404);
      const listed = await adminCall<{ id: string }[]>(suite, 'GET', `/api/v1/auth/keys?userId=${people.user.id}`, {
        apiKey: people.devManager,
      });
      expect(listed.status).toBe(403);
      expect((await callPing(suite.gatewayUrl, { 'x-api-key': people.user.toolKey })).status).toBe(200);
    });
  });

  describe('API2 broken authentication', () => {
    it('refuses unsigned and algorithm-confused tokens with a challenge', async () => {
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: people.dev.id, role: 'admin', exp: Math.floor(Date.now() / 1000) + 600 }),
      ).toString('base64url')}.`;
      const hs256 = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: people.dev.id, role: 'admin' })).toString('base64url')}.c2lnbmF0dXJl`;
      for (const token of [unsigned, hs256]) {
        const response = await callPing(suite.gatewayUrl, { authorization: `Bearer ${token}` });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      }
    });

    it('throttles password guessing on one account with 429 and Retry-After', async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let attempt = 0; attempt < 15; attempt++) {
        const response = await fetch(`${suite.authUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'user@example.com', password: `wrong-${attempt}` }),
        });
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });
  });

  describe('API3 broken object property level authorization', () => {
    it('never returns secrets or hashes of keys and users', async () => {
      const keys = await adminCall<unknown[]>(suite, 'GET', '/api/v1/auth/keys', admin());
      const users = await adminCall<unknown[]>(suite, 'GET', '/api/v1/auth/users', admin());
      const text = JSON.stringify([keys.body, users.body]);
      for (const field of [
        'keyHash',
        'key_hash',
        'passwordHash',
        'password_hash',
        'totpSecret',
        'totp_secret',
        'recoveryCodes',
      ])
        expect(text).not.toContain(field);
    });

    it('ignores properties a caller may not set, and refuses a role above the owner', async () => {
      const key = await createKey(suite, {
        userId: people.user.id,
        scopes: ['*'],
        keyHash: '0'.repeat(64),
        createdBy: people.dev.id,
        bootstrap: true,
      });
      const db = new Client({ connectionString: suite.databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ created_by: string | null; key_hash: string; bootstrap: boolean }>(
          'SELECT created_by, key_hash, bootstrap FROM auth.api_keys WHERE id = $1',
          [key.apiKey.id],
        );
        expect(rows[0]?.created_by).not.toBe(people.dev.id);
        expect(rows[0]?.key_hash).not.toBe('0'.repeat(64));
        expect(rows[0]?.bootstrap).toBe(false);
      } finally {
        await db.end();
      }
      // The secret handed back works; the hash the body offered does not stand for it.
      expect((await callPing(suite.gatewayUrl, { 'x-api-key': key.key })).status).toBe(200);
      const me = await adminCall<{ user: { role: string } | null }>(suite, 'GET', '/api/v1/auth/me', {
        apiKey: key.key,
      });
      expect(me.body.user?.role).toBe('user');

      const above = await adminCall<{ error: { code: string } }>(suite, 'POST', '/api/v1/auth/keys', admin(), {
        name: 'above',
        userId: people.user.id,
        role: 'admin',
      });
      expect(above.status).toBe(403);
      expect(above.body.error.code).toBe('insufficient_role');
    });
  });

  describe('API4 unrestricted resource consumption', () => {
    it('refuses a body over the limit with 413 before parsing it', async () => {
      const response = await fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': people.dev.toolKey },
        body: JSON.stringify({ name: 'ping', arguments: { message: 'x'.repeat(11 * 1024 * 1024) } }),
      });
      expect(response.status).toBe(413);
    });

    it('caps the keys one user may hold', async () => {
      const fresh = await person('user', 'many-keys@example.com');
      const statuses: number[] = [];
      for (let index = 0; index < 5; index++) {
        statuses.push(
          (await adminCall(suite, 'POST', '/api/v1/auth/keys', admin(), { name: `cap-${index}`, userId: fresh.id }))
            .status,
        );
      }
      // The user already holds one key; the cap is 4.
      expect(statuses).toEqual([201, 201, 201, 409, 409]);
    });
  });

  describe('API5 broken function level authorization', () => {
    it('keeps management routes from a plain user and from a tools-only key of an admin', async () => {
      expect(
        (
          await adminCall(
            suite,
            'POST',
            '/api/v1/auth/users',
            { apiKey: people.user.toolKey },
            { email: 'x@example.com', role: 'admin' },
          )
        ).status,
      ).toBe(403);
      const adminToolKey = (await createKey(suite, { scopes: ['*'] })).key;
      const refused = await adminCall<{ error: { code: string } }>(suite, 'GET', '/api/v1/auth/users', {
        apiKey: adminToolKey,
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('insufficient_scope');
    });

    it('lets no key widen itself', async () => {
      const narrow = await createKey(suite, {
        userId: people.dev.id,
        scopes: ['ping', 'admin:keys'],
        allowedIps: ['127.0.0.1/32'],
      });
      const widened = await adminCall(
        suite,
        'PATCH',
        `/api/v1/auth/keys/${narrow.apiKey.id}`,
        { apiKey: narrow.key },
        { scopes: ['*'], allowedIps: [] },
      );
      expect(widened.status).toBe(403);
    });
  });

  describe('API6 unrestricted access to sensitive business flows', () => {
    it('keeps self-registration closed unless enabled', async () => {
      const response = await fetch(`${suite.authUrl}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bot@example.com', password: 'a long passphrase' }),
      });
      expect(response.status).toBe(403);
    });

    it('never lets an API key set a password or enrol a second factor', async () => {
      for (const [path, body] of [
        ['/api/v1/auth/me/password', { newPassword: 'taken over by a key' }],
        ['/api/v1/auth/me/totp', {}],
      ] as const) {
        const response = await adminCall(suite, 'POST', path, admin(), body);
        expect(response.status).toBe(403);
      }
    });
  });

  describe('API7 server side request forgery', () => {
    it('treats URLs in tool arguments as file names, never as places to fetch', async () => {
      for (const path of ['http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd', '//127.0.0.1:6379/']) {
        const result = await toolResult(await facade(people.dev.toolKey, 'read_file', { path }));
        expect(result.isError).toBe(true);
        expect(JSON.stringify(result)).not.toMatch(/ami-id|root:x:0|redis_version/);
      }
    });

    it('signs download URLs only for the configured blob endpoint', async () => {
      await facade(people.dev.toolKey, 'write_file', { path: 'share.txt', content: 'x' });
      const result = await toolResult(await facade(people.dev.toolKey, 'presign_download', { path: 'share.txt' }));
      const url = new URL(String(result.structuredContent?.url));
      expect(`${url.protocol}//${url.host}`).toBe(new URL(suite.backend('tool-executor').url).origin);
    });
  });

  describe('API8 security misconfiguration', () => {
    it('sends the protective headers on answers and errors of every service', async () => {
      for (const url of [
        suite.gatewayUrl,
        suite.authUrl,
        suite.backend('cost-accounting').url,
        suite.backend('tool-executor').url,
      ]) {
        for (const path of ['/health', '/no-such-route']) {
          const response = await fetch(`${url}${path}`);
          expect(response.headers.get('x-content-type-options')).toBe('nosniff');
          expect(response.headers.get('referrer-policy')).toBe('no-referrer');
          expect(response.headers.get('x-frame-options') ?? response.headers.get('content-security-policy')).toMatch(
            /DENY|frame-ancestors 'none'/,
          );
        }
      }
    });

    it('answers CORS only for configured origins and never with a wildcard', async () => {
      const preflight = (origin: string) =>
        fetch(`${suite.gatewayUrl}/mcp`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type,x-api-key',
          },
        });
      const allowed = await preflight('https://console.example');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example');
      const other = await preflight('https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('shows no stack trace or internals in an error', async () => {
      const response = await fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': people.dev.toolKey },
        body: '{"name":',
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(text).not.toMatch(/at .*\.js:\d+|node_modules|SyntaxError:/);
    });
  });

  describe('API9 improper inventory management', () => {
    it('documents every public route of auth and cost-accounting in its OpenAPI', async () => {
      for (const service of ['auth', 'cost-accounting']) {
        const backend = suite.backend(service);
        const mapped = readFileSync(backend.logFile, 'utf8')
          .split('\n')
          .map((line) => /Mapped \{([^,]+), (\w+)\} route/.exec(line))
          .filter((match): match is RegExpExecArray => match !== null)
          .map((match) => `${match[2]} ${match[1]!.replace(/:(\w+)/g, '{$1}')}`);
        const document = (await (await fetch(`${backend.url}/docs-json`)).json()) as {
          paths: Record<string, Record<string, unknown>>;
        };
        const documented = new Set(
          Object.entries(document.paths).flatMap(([path, methods]) =>
            Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
          ),
        );
        const undocumented = mapped.filter((route) => route.includes('/api/') && !documented.has(route));
        expect(undocumented).toEqual([]);
      }
    });
  });

  describe('API10 unsafe consumption of APIs', () => {
    it('refuses internal calls without a service token', async () => {
      for (const [service, path] of [
        ['tool-executor', '/internal/v1/tools'],
        ['auth', '/internal/v1/status'],
        ['cost-accounting', '/internal/v1/status'],
      ] as const) {
        const response = await fetch(`${suite.backend(service).url}${path}`);
        expect(response.status).toBe(401);
      }
    });
  });
});
