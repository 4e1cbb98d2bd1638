import Fastify from 'fastify';
import { httpServerOptions, installEdgeHeaders, listenOptions } from './edge';

const config = {
  LFC_CORS_ORIGINS: [],
  LFC_HTTP_HEADERS_TIMEOUT_MS: 15_000,
  LFC_HTTP_REQUEST_TIMEOUT_MS: 120_000,
  LFC_HTTP_KEEP_ALIVE_TIMEOUT_MS: 65_000,
};

describe('httpServerOptions', () => {
  it('gives Node the configured header, request and keep-alive timeouts', () => {
    expect(httpServerOptions(config)).toEqual({
      requestTimeout: 120_000,
      keepAliveTimeout: 65_000,
      http: { headersTimeout: 15_000, requestTimeout: 120_000, connectionsCheckingInterval: 3750 },
    });
  });

  it('checks the timeouts often enough that a slow client overruns by a quarter at most', () => {
    expect(httpServerOptions({ ...config, LFC_HTTP_HEADERS_TIMEOUT_MS: 1000 }).http.connectionsCheckingInterval).toBe(
      250,
    );
    expect(httpServerOptions({ ...config, LFC_HTTP_HEADERS_TIMEOUT_MS: 200 }).http.connectionsCheckingInterval).toBe(
      100,
    );
  });

  it('keeps the headers timeout within the request timeout, which Node requires', () => {
    const options = httpServerOptions({
      ...config,
      LFC_HTTP_HEADERS_TIMEOUT_MS: 30_000,
      LFC_HTTP_REQUEST_TIMEOUT_MS: 10_000,
    });
    expect(options.http.headersTimeout).toBe(10_000);
    expect(options.http.requestTimeout).toBe(10_000);
  });
});

describe('listenOptions', () => {
  it("listens with the configured backlog, not Node's default of 511", () => {
    expect(listenOptions({ PORT: 8000, HOST: '0.0.0.0', LFC_HTTP_LISTEN_BACKLOG: 4096 })).toEqual({
      port: 8000,
      host: '0.0.0.0',
      backlog: 4096,
    });
  });
});

describe('installEdgeHeaders', () => {
  const cspOf = async (url: string, corsOrigins: string[] = []): Promise<Record<string, unknown>> => {
    const fastify = Fastify();
    installEdgeHeaders(fastify, { ...config, LFC_CORS_ORIGINS: corsOrigins });
    for (const route of ['/api/v1/tools/list', '/docs', '/docs/*', '/console', '/console/*', '/consoles'])
      fastify.get(route, () => ({ ok: true }));
    const answer = await fastify.inject({ url, headers: { origin: 'https://elsewhere.example' } });
    await fastify.close();
    return answer.headers;
  };

  it('gives the console its own policy: its own scripts, styles and calls only, never framed, no eval', async () => {
    for (const url of ['/console', '/console/', '/console/setup', '/console/assets/app-abc123.js']) {
      expect((await cspOf(url))['content-security-policy']).toBe(
        "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;connect-src 'self';" +
          "font-src 'self';frame-ancestors 'none';base-uri 'none';form-action 'self';object-src 'none'",
      );
    }
  });

  it('keeps the strict API policy everywhere else, also on paths that only start like the console', async () => {
    for (const url of ['/api/v1/tools/list', '/consoles']) {
      expect((await cspOf(url))['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    }
    expect((await cspOf('/docs'))['content-security-policy']).toContain("script-src 'self'");
  });

  it('sends no CORS header to an origin off the list, on the console or elsewhere', async () => {
    for (const url of ['/console/', '/api/v1/tools/list']) {
      const headers = await cspOf(url, ['https://app.example']);
      expect(headers['access-control-allow-origin']).toBeUndefined();
      expect(headers['x-frame-options']).toBe('DENY');
    }
  });

  it("sets helmet's headers on every answer, also on unknown paths, with HSTS only behind an https public URL", async () => {
    const headersOf = async (publicUrl: string | undefined, url: string) => {
      const fastify = Fastify();
      installEdgeHeaders(fastify, { ...config, LFC_PUBLIC_URL: publicUrl });
      fastify.get('/api/v1/tools/list', () => ({ ok: true }));
      const answer = await fastify.inject({ url });
      await fastify.close();
      return answer.headers;
    };
    for (const url of ['/api/v1/tools/list', '/nowhere']) {
      const plain = await headersOf('http://127.0.0.1:8000', url);
      expect(plain).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      });
      expect(plain['strict-transport-security']).toBeUndefined();
      expect((await headersOf('https://mcp.example.com', url))['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains',
      );
    }
  });
});
