import { INITIALIZE } from '../support/mcp-clients';
import { ServiceProcess } from '../support/processes';
import { RunningSuite } from '../support/suite';

jest.setTimeout(120_000);

const ALLOWED = 'https://app.example.com';
const OTHER = 'https://evil.example.com';
const BODY_LIMIT = 64 * 1024;

type Kind = 'api' | 'html';

/** The headers every answer of every service carries, whatever its status. */
function expectSecurityHeaders(response: Response, kind: Kind = 'api'): void {
  const headers = response.headers;
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  if (kind === 'api') expect(csp).toContain("default-src 'none'");
  else {
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  }
}

/** A comma-separated header as its lower-case items. */
function items(response: Response, name: string): string[] {
  return (response.headers.get(name) ?? '').split(',').map((item) => item.trim().toLowerCase());
}

function mcpInit(url: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', ...INITIALIZE }),
  });
}

function preflight(url: string, origin: string, method = 'POST'): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers':
        'content-type, authorization, x-api-key, mcp-session-id, mcp-protocol-version, last-event-id',
    },
  });
}

/**
 * Edge headers of all four services as real processes: helmet's security headers on every answer
 * (errors, health and metrics included), HSTS only behind an https public URL, and CORS only for
 * the configured origins, without touching clients that send no Origin.
 */
describe('security headers and CORS at the edge of every service', () => {
  let suite: RunningSuite;
  let plainGateway: ServiceProcess;
  let services: Record<'gateway' | 'auth' | 'cost-accounting' | 'tool-executor', string>;

  beforeAll(async () => {
    suite = await RunningSuite.start({
      env: {
        LFC_CORS_ORIGINS: ALLOWED,
        LFC_PUBLIC_URL: 'https://mcp.example.com',
        LFC_REQUEST_BODY_LIMIT_BYTES: String(BODY_LIMIT),
        LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: 'unlimited',
        LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: 'unlimited',
      },
    });
    // A replica with the defaults: plain-http public URL and no CORS allow-list.
    plainGateway = await suite.addGateway({ LFC_CORS_ORIGINS: '', LFC_PUBLIC_URL: 'http://127.0.0.1' });
    services = {
      gateway: suite.gatewayUrl,
      auth: suite.authUrl,
      'cost-accounting': suite.backend('cost-accounting').url,
      'tool-executor': suite.backend('tool-executor').url,
    };
  });

  afterAll(async () => {
    await suite?.stop();
  });

  describe.each(['gateway', 'auth', 'cost-accounting', 'tool-executor'] as const)('%s', (service) => {
    const url = () => services[service];

    it.each(['/health', '/ready', '/metrics'])('sends them on %s', async (path) => {
      const response = await fetch(`${url()}${path}`);
      expect(response.status).toBe(200);
      expectSecurityHeaders(response);
    });

    it('sends them on a 404', async () => {
      const response = await fetch(`${url()}/no/such/route`);
      expect(response.status).toBe(404);
      expectSecurityHeaders(response);
    });

    it('sends them on a 413 for a body over the limit', async () => {
      const response = await fetch(`${url()}/no/such/route`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT * 2) }),
      });
      expect([404, 413]).toContain(response.status);
      expectSecurityHeaders(response);
    });
  });

  it.each([
    ['gateway', '/mcp', 'POST'],
    ['gateway', '/api/v1/tools/list', 'GET'],
    ['auth', '/api/v1/auth/keys', 'GET'],
    ['cost-accounting', '/api/v1/cost/prices', 'GET'],
  ] as const)('%s sends them on a 401 (%s)', async (service, path, method) => {
    const response = await fetch(`${services[service]}${path}`, {
      method,
      headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
      body: method === 'POST' ? JSON.stringify({ jsonrpc: '2.0', ...INITIALIZE }) : undefined,
    });
    expect(response.status).toBe(401);
    expectSecurityHeaders(response);
  });

  it.each(['gateway', 'auth'] as const)('%s sends them on a 413 of a real route', async (service) => {
    const path = service === 'gateway' ? '/mcp' : '/api/v1/auth/login';
    const response = await fetch(`${services[service]}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
      body: JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT * 2) }),
    });
    expect(response.status).toBe(413);
    expectSecurityHeaders(response);
  });

  it.each(['auth', 'cost-accounting', 'gateway'] as const)(
    '%s serves its OpenAPI page with a CSP for its scripts',
    async (service) => {
      const response = await fetch(`${services[service]}/docs`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expectSecurityHeaders(response, 'html');
      // The gateway's Swagger UI shows the suite's one document, served at /openapi.json.
      const json = await fetch(`${services[service]}${service === 'gateway' ? '/openapi.json' : '/docs-json'}`);
      expect(json.status).toBe(200);
      expectSecurityHeaders(json);
    },
  );

  describe('HSTS', () => {
    it.each(['gateway', 'auth', 'cost-accounting'] as const)(
      '%s sends it when LFC_PUBLIC_URL is https',
      async (service) => {
        const response = await fetch(`${services[service]}/health`);
        expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      },
    );

    it('is not sent when the public URL is plain http', async () => {
      const response = await fetch(`${plainGateway.url}/health`);
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expectSecurityHeaders(response);
    });

    it('is not sent by the tool executor, which has no public URL', async () => {
      const response = await fetch(`${services['tool-executor']}/health`);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin with what MCP clients need', async () => {
      const response = await preflight(`${suite.gatewayUrl}/mcp`, ALLOWED);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(items(response, 'access-control-allow-methods')).toEqual(
        expect.arrayContaining(['get', 'post', 'delete']),
      );
      expect(items(response, 'access-control-allow-headers')).toEqual(
        expect.arrayContaining([
          'content-type',
          'authorization',
          'x-api-key',
          'mcp-session-id',
          'mcp-protocol-version',
          'last-event-id',
        ]),
      );
      expect(response.headers.get('vary')?.toLowerCase()).toContain('origin');
      expectSecurityHeaders(response);
    });

    it('lets a page of an allowed origin initialize an MCP session and read its id', async () => {
      const response = await mcpInit(suite.gatewayUrl, { origin: ALLOWED, 'x-api-key': suite.apiKey });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(items(response, 'access-control-expose-headers')).toEqual(
        expect.arrayContaining([
          'mcp-session-id',
          'ratelimit-limit',
          'ratelimit-remaining',
          'ratelimit-reset',
          'retry-after',
          'www-authenticate',
        ]),
      );
      expect(response.headers.get('mcp-session-id')).toBeTruthy();
      expectSecurityHeaders(response);
    });

    it('gives another origin no CORS header, and the origin guard still refuses it', async () => {
      const pre = await preflight(`${suite.gatewayUrl}/mcp`, OTHER);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const response = await mcpInit(suite.gatewayUrl, { origin: OTHER, 'x-api-key': suite.apiKey });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expectSecurityHeaders(response);
    });

    it('leaves a client that sends no Origin as it was: an MCP initialize works, with no CORS header', async () => {
      const response = await mcpInit(suite.gatewayUrl, { 'x-api-key': suite.apiKey });
      expect(response.status).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeTruthy();
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expectSecurityHeaders(response);
    });

    it('applies to the admin APIs of auth and cost-accounting too', async () => {
      for (const url of [`${suite.authUrl}/api/v1/auth/keys`, `${services['cost-accounting']}/api/v1/cost/prices`]) {
        const pre = await preflight(url, ALLOWED, 'GET');
        expect(pre.status).toBe(204);
        expect(pre.headers.get('access-control-allow-origin')).toBe(ALLOWED);
        const response = await fetch(url, { headers: { origin: ALLOWED, 'x-api-key': suite.apiKey } });
        expect(response.status).toBe(200);
        expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
        expect(
          (await fetch(url, { headers: { origin: OTHER, 'x-api-key': suite.apiKey } })).headers.get(
            'access-control-allow-origin',
          ),
        ).toBeNull();
      }
    });

    it('sends no CORS header at all without an allow-list', async () => {
      const pre = await preflight(`${plainGateway.url}/mcp`, ALLOWED);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-methods')).toBeNull();
      const response = await mcpInit(plainGateway.url, { origin: ALLOWED, 'x-api-key': suite.apiKey });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
