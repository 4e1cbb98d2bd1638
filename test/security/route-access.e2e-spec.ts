import { randomUUID } from 'node:crypto';
import { MANAGEMENT_SCOPES, ManagementScope } from '@lfc/contracts';
import { adminCall, createKey } from '../support/admin-api';
import { RunningSuite, newApiKey } from '../support/suite';

jest.setTimeout(180_000);

/**
 * What each public route of auth and cost-accounting demands. Every route in their OpenAPI documents
 * must be listed here: a new route without an entry fails this test until someone decides its access.
 * The gateway has no OpenAPI document: its report and admin routes are listed by hand below.
 */
type Access =
  | { kind: 'anonymous' }
  | { kind: 'internal' }
  | { kind: 'sessionCookie' }
  | { kind: 'authenticated' }
  | { kind: 'management'; scope: ManagementScope };
const anonymous: Access = { kind: 'anonymous' };
/** A browser session's refresh cookie, and the CSRF header without which the cookie is never looked at. */
const sessionCookie: Access = { kind: 'sessionCookie' };
/** For the other services only: a service token, never an API key or a person's token. */
const internal: Access = { kind: 'internal' };
const authenticated: Access = { kind: 'authenticated' };
const management = (scope: ManagementScope): Access => ({ kind: 'management', scope });
/** Routes an API key or a person's token opens: the ones the key checks below apply to. */
const takesCredentials = (access: Access) => access.kind === 'authenticated' || access.kind === 'management';

/** Every service answers these; probes and scrapers call them without credentials. */
const OPERATIONS: Record<string, Access> = {
  'GET /health': anonymous,
  'GET /ready': anonymous,
  'GET /metrics': anonymous,
  'GET /internal/v1/status': internal,
};

const AUTH_ROUTES: Record<string, Access> = {
  ...OPERATIONS,
  'POST /api/v1/auth/login': anonymous,
  'POST /api/v1/auth/register': anonymous,
  'GET /api/v1/auth/sign-in-options': anonymous,
  'POST /api/v1/auth/session': anonymous,
  'POST /api/v1/auth/session/refresh': sessionCookie,
  'DELETE /api/v1/auth/session': sessionCookie,
  'POST /api/v1/auth/setup/inspect': anonymous,
  'POST /api/v1/auth/setup': anonymous,
  'GET /.well-known/jwks.json': anonymous,
  'GET /api/v1/auth/me': authenticated,
  'POST /api/v1/auth/me/password': authenticated,
  'POST /api/v1/auth/me/totp': authenticated,
  'POST /api/v1/auth/me/totp/confirm': authenticated,
  'DELETE /api/v1/auth/me/totp': authenticated,
  'POST /api/v1/auth/me/recovery-codes': authenticated,
  'GET /api/v1/auth/keys': management('admin:keys'),
  'POST /api/v1/auth/keys': management('admin:keys'),
  'PATCH /api/v1/auth/keys/{id}': management('admin:keys'),
  'DELETE /api/v1/auth/keys/{id}': management('admin:keys'),
  'POST /api/v1/auth/keys/{id}/rotate': management('admin:keys'),
  'POST /api/v1/auth/signing-keys/rotate': management('admin:keys'),
  'GET /api/v1/auth/users': management('admin:users'),
  'POST /api/v1/auth/users': management('admin:users'),
  'PATCH /api/v1/auth/users/{id}': management('admin:users'),
  'GET /api/v1/auth/audit': management('admin:audit'),
  'GET /api/v1/auth/audit/export.csv': management('admin:audit'),
  'GET /api/v1/auth/audit/verify': management('admin:audit'),
};

const COST_ROUTES: Record<string, Access> = {
  ...OPERATIONS,
  'GET /api/v1/cost/summary': authenticated,
  'GET /api/v1/cost/series': authenticated,
  'GET /api/v1/cost/export.csv': authenticated,
  'GET /api/v1/cost/prices': authenticated,
  'PUT /api/v1/cost/prices': management('cost:prices'),
  'GET /api/v1/cost/budgets': management('cost:budgets'),
  'PUT /api/v1/cost/budgets/{scope}/{subjectId}': management('cost:budgets'),
  'DELETE /api/v1/cost/budgets/{scope}/{subjectId}': management('cost:budgets'),
};

/**
 * The gateway's routes for people, other than the MCP transports and the tools facade (covered by
 * their own specs): the usage reports and the admin audit.
 */
const GATEWAY_ROUTES: Record<string, Access> = {
  'GET /api/v1/usage/series': authenticated,
  'GET /api/v1/usage/breakdown': authenticated,
  'GET /api/v1/usage/export.csv': authenticated,
  'GET /api/v1/audit': management('admin:audit'),
  'GET /api/v1/audit/export.csv': management('admin:audit'),
  'GET /api/v1/audit/verify': management('admin:audit'),
  'GET /api/v1/audit/writers': management('admin:audit'),
};

/** A client address the proxy (the test, on loopback) reports; allow-listed keys exclude it. */
const CLIENT = '203.0.113.9';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Answer {
  status: number;
  code: string | undefined;
  message: string | undefined;
  retryAfter: string | null;
}

/** `METHOD path` of every operation an OpenAPI document lists. */
async function openApiRoutes(baseUrl: string): Promise<string[]> {
  const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    METHODS.filter((method) => method in operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** Calls a route with path parameters filled in (ids as fresh UUIDs, the budget scope as `key`). */
async function call(baseUrl: string, route: string, headers: Record<string, string>): Promise<Answer> {
  const [method = 'GET', template = '/'] = route.split(' ');
  const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => (name === 'scope' ? 'key' : randomUUID()));
  const hasBody = method !== 'GET' && method !== 'DELETE';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'x-forwarded-for': CLIENT, ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
    body: hasBody ? '{}' : undefined,
  });
  const text = await response.text();
  let error: { code?: string; message?: string } | undefined;
  try {
    error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
  } catch {
    error = undefined;
  }
  return {
    status: response.status,
    code: error?.code,
    message: error?.message,
    retryAfter: response.headers.get('retry-after'),
  };
}

describe('access on every public route of auth and cost-accounting, and the gateway’s reports', () => {
  let suite: RunningSuite;
  /** `openApi`: the table must list exactly the routes of the service's OpenAPI document. */
  let services: { name: string; url: string; table: Record<string, Access>; openApi: boolean }[];
  /** Every management scope, from an address its allow-list excludes. */
  let elsewhere: string;
  /** Every management scope, limit used up. */
  let exhausted: string;
  /** An admin's key made for tool calls: scopes ["*"]. */
  let toolOnly: string;
  /** An admin signed in: governed by role alone. */
  let adminToken: string;

  beforeAll(async () => {
    suite = await RunningSuite.start({
      env: { LFC_TRUSTED_PROXIES: '127.0.0.1/32,::1/128', LFC_UNKNOWN_KEY_ATTEMPTS_PER_MINUTE: '5' },
    });
    services = [
      { name: 'auth', url: suite.authUrl, table: AUTH_ROUTES, openApi: true },
      { name: 'cost-accounting', url: suite.backend('cost-accounting').url, table: COST_ROUTES, openApi: true },
      { name: 'gateway', url: suite.gatewayUrl, table: GATEWAY_ROUTES, openApi: false },
    ];
    const everyScope = ['*', ...MANAGEMENT_SCOPES];
    elsewhere = (await createKey(suite, { role: 'admin', scopes: everyScope, allowedIps: ['198.51.100.0/24'] })).key;
    exhausted = (
      await createKey(suite, { role: 'admin', scopes: everyScope, rateLimitPerMinute: 1, rateLimitPerHour: 1 })
    ).key;
    toolOnly = (
      await createKey(suite, { role: 'admin', scopes: ['*'], rateLimitPerMinute: null, rateLimitPerHour: null })
    ).key;
    // The limit is the key's across the suite: one tool call at the gateway uses it up everywhere.
    const ping = await fetch(`${suite.gatewayUrl}/api/v1/tools/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': exhausted },
      body: JSON.stringify({ name: 'ping', arguments: {} }),
    });
    expect(ping.status).toBe(200);

    const password = 'a long admin passphrase';
    const admin = await adminCall(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email: 'route-admin@example.com', password, role: 'admin' },
    );
    expect(admin.status).toBe(201);
    const login = await adminCall<{ accessToken: string }>(
      suite,
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'route-admin@example.com', password },
    );
    adminToken = login.body.accessToken;
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('has an access entry for every route in the OpenAPI documents, and no entry for a route that is gone', async () => {
    for (const service of services.filter((candidate) => candidate.openApi)) {
      const documented = (await openApiRoutes(service.url)).sort();
      expect({ service: service.name, routes: documented }).toEqual({
        service: service.name,
        routes: Object.keys(service.table).sort(),
      });
    }
  });

  it('refuses every non-anonymous route without credentials (401; the session cookie’s routes 403 without the CSRF header), and answers anonymous ones without', async () => {
    for (const service of services) {
      for (const [route, access] of Object.entries(service.table)) {
        const answer = await call(service.url, route, {});
        if (access.kind === 'anonymous') expect([route, answer.status]).not.toEqual([route, 401]);
        else if (access.kind === 'internal') expect([route, answer.status]).toEqual([route, 401]);
        else if (access.kind === 'sessionCookie')
          expect([route, answer.status, answer.code]).toEqual([route, 403, 'csrf_header_missing']);
        else expect([route, answer.status, answer.code]).toEqual([route, 401, 'missing_api_key']);
      }
    }
  });

  it('refuses a key from an address outside its allow-list (403 ip_not_allowed) on every non-anonymous route', async () => {
    for (const service of services) {
      for (const [route, access] of Object.entries(service.table)) {
        if (!takesCredentials(access)) continue;
        const answer = await call(service.url, route, { 'x-api-key': elsewhere });
        expect([route, answer.status, answer.code]).toEqual([route, 403, 'ip_not_allowed']);
      }
    }
  });

  it('refuses a key over its rate limit (429 with Retry-After) on every non-anonymous route', async () => {
    for (const service of services) {
      for (const [route, access] of Object.entries(service.table)) {
        if (!takesCredentials(access)) continue;
        const answer = await call(service.url, route, { 'x-api-key': exhausted });
        expect([route, answer.status, answer.code]).toEqual([route, 429, 'rate_limited']);
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      }
    }
  });

  it('refuses an admin’s tool-only key on management routes (403 insufficient_scope naming the scope), and not on the others', async () => {
    for (const service of services) {
      for (const [route, access] of Object.entries(service.table)) {
        if (!takesCredentials(access)) continue;
        const answer = await call(service.url, route, { 'x-api-key': toolOnly });
        if (access.kind === 'management') {
          expect([route, answer.status, answer.code]).toEqual([route, 403, 'insufficient_scope']);
          expect(answer.message).toContain(access.scope);
        } else {
          expect([route, answer.code]).not.toEqual([route, 'insufficient_scope']);
        }
      }
    }
  });

  it('refuses internal routes to API keys and people’s tokens: they take service tokens only', async () => {
    for (const service of services) {
      for (const [route, access] of Object.entries(service.table)) {
        if (access.kind !== 'internal') continue;
        const credentials: Record<string, string>[] = [
          { 'x-api-key': suite.apiKey },
          { authorization: `Bearer ${adminToken}` },
        ];
        for (const headers of credentials) {
          expect([route, (await call(service.url, route, headers)).status]).toEqual([route, 401]);
        }
      }
    }
  });

  it('lets a signed-in admin through management routes by role alone', async () => {
    for (const service of services) {
      for (const [route, access] of Object.entries(service.table)) {
        if (access.kind !== 'management') continue;
        const answer = await call(service.url, route, { authorization: `Bearer ${adminToken}` });
        expect([route, [401, 403, 429].includes(answer.status)]).toEqual([route, false]);
      }
    }
  });

  it('opens the session cookie’s routes to the cookie alone: an API key or a person’s token gets nothing there', async () => {
    const credentials: Record<string, string>[] = [
      {},
      { 'x-api-key': suite.apiKey },
      { authorization: `Bearer ${adminToken}` },
    ];
    for (const [route, access] of Object.entries(AUTH_ROUTES)) {
      if (access.kind !== 'sessionCookie') continue;
      for (const headers of credentials) {
        const answer = await call(suite.authUrl, route, { 'x-lfc-csrf': '1', ...headers });
        // Signing out without a session has nothing to end; refreshing without one is refused.
        if (route.startsWith('DELETE ')) expect([route, answer.status]).toEqual([route, 204]);
        else expect([route, answer.status, answer.code]).toEqual([route, 401, 'session_ended']);
      }
    }
  });

  it('throttles a client address that presents too many unknown keys (429 with Retry-After), in every service alike', async () => {
    for (const [index, service] of services.entries()) {
      const route = Object.keys(service.table).find(
        (entry) => entry.startsWith('GET ') && service.table[entry]!.kind === 'authenticated',
      )!;
      const attempt = (address: string) =>
        call(service.url, route, { 'x-api-key': newApiKey(), 'x-forwarded-for': address });
      const address = `192.0.2.${10 + index}`;
      for (let tried = 0; tried < 5; tried++) expect((await attempt(address)).code).toBe('invalid_api_key');
      const throttled = await attempt(address);
      expect([route, throttled.status, throttled.code]).toEqual([route, 429, 'rate_limited']);
      expect(Number(throttled.retryAfter)).toBeGreaterThan(0);
      // Another address is not affected.
      expect((await attempt('192.0.2.99')).code).toBe('invalid_api_key');
    }
    const metrics = await (await fetch(`${suite.authUrl}/metrics`)).text();
    expect(metrics).toMatch(/lfc_auth_failures_total\{[^}]*reason="unknown_key_throttled"[^}]*\} [1-9]/);
  });
});
