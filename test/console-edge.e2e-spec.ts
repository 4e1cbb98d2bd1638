import { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { ServiceProcess, freePort } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(180_000);

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request sent exactly as written: no client normalises `..` or percent-encoding away first. */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({
            status: answer.statusCode ?? 0,
            headers: answer.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        answer.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (options.chunked && options.body !== undefined) {
      // Two writes without a declared length: the body arrives chunked.
      const body = Buffer.from(options.body);
      outgoing.write(body.subarray(0, body.length / 2));
      outgoing.end(body.subarray(body.length / 2));
    } else outgoing.end(options.body);
  });
}

const errorOf = (answer: RawAnswer): { code?: string; message?: string } =>
  (JSON.parse(answer.body) as { error?: { code?: string; message?: string } }).error ?? {};

const CONSOLE_CSP =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;connect-src 'self';" +
  "font-src 'self';frame-ancestors 'none';base-uri 'none';form-action 'self';object-src 'none'";

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/console/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';
const APP_JS = 'document.getElementById("root").textContent = "console";';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Stands in for auth behind a second gateway, to see exactly what a forwarded request carries and
 * what its answer brings back: cookies both ways, hop-by-hop headers, bodies of any size, a
 * service that never answers.
 */
async function recordingService(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body });
      if (incoming.url?.startsWith('/api/v1/auth/never')) return;
      if (incoming.url?.startsWith('/api/v1/auth/large')) {
        outgoing.writeHead(200, { 'content-type': 'text/plain' });
        // Written in pieces, chunked: the gateway streams it on.
        for (let piece = 0; piece < 64; piece++) outgoing.write('x'.repeat(16_384));
        outgoing.end();
        return;
      }
      outgoing.writeHead(201, [
        ['content-type', 'application/json'],
        ['set-cookie', 'lfc_session=s3cr3t; Path=/; HttpOnly; SameSite=Strict'],
        ['set-cookie', 'lfc_csrf=c5rf; Path=/; SameSite=Strict'],
        ['connection', 'x-hop'],
        ['x-hop', 'only for the gateway'],
        ['x-service', 'stand-in'],
      ]);
      outgoing.end(JSON.stringify({ echoed: body.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("the web console and the public APIs on the gateway's origin", () => {
  let suite: RunningSuite;
  let place: string;
  let gatewayPort: number;

  beforeAll(async () => {
    place = mkdtempSync(join(tmpdir(), 'lfc-console-edge-'));
    const consoleDir = join(place, 'console');
    mkdirSync(join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(join(consoleDir, 'index.html'), INDEX_HTML);
    writeFileSync(join(consoleDir, 'assets', 'app-abc123.js'), APP_JS);
    // As the build leaves them: a Brotli and a gzip copy beside each file.
    writeFileSync(join(consoleDir, 'assets', 'app-abc123.js.br'), brotliCompressSync(APP_JS));
    writeFileSync(join(consoleDir, 'assets', 'app-abc123.js.gz'), gzipSync(APP_JS));
    writeFileSync(join(consoleDir, '.env'), 'SECRET=in-a-dotfile');
    writeFileSync(join(place, 'secret.txt'), 'SECRET=beside-the-console');
    suite = await RunningSuite.start({
      // As `npm start` runs them: auth and cost-accounting believe the gateway (the loopback) only.
      serviceEnv: {
        auth: {
          LFC_TRUSTED_PROXIES: '127.0.0.1',
          LFC_LOGIN_FREE_ATTEMPTS_PER_IP: '6',
          LFC_LOGIN_LOCKOUT_AFTER_PER_IP: '7',
        },
        'cost-accounting': { LFC_TRUSTED_PROXIES: '127.0.0.1' },
      },
      // The test stands for an ingress in front of the gateway: the gateway believes its X-Forwarded-For.
      gatewayEnv: { LFC_CONSOLE_DIR: consoleDir, LFC_PUBLIC_API_PROXY: 'true', LFC_TRUSTED_PROXIES: '127.0.0.1' },
    });
    gatewayPort = suite.gateways[0]!.port;
  });

  afterAll(async () => {
    await suite?.stop();
    rmSync(place, { recursive: true, force: true });
  });

  describe('/console', () => {
    it('serves index.html at /console and /console/, revalidated, with the console CSP and no key', async () => {
      for (const path of ['/console', '/console/']) {
        const answer = await raw(gatewayPort, path);
        expect(answer.status).toBe(200);
        expect(answer.body).toBe(INDEX_HTML);
        expect(answer.headers['content-type']).toMatch(/^text\/html/);
        expect(answer.headers['cache-control']).toBe('no-cache');
        expect(answer.headers['content-security-policy']).toBe(CONSOLE_CSP);
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
        expect(answer.headers['x-frame-options']).toBe('DENY');
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      }
      const head = await raw(gatewayPort, '/console/', { method: 'HEAD' });
      expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', String(INDEX_HTML.length)]);
    });

    it('serves hashed assets immutable, with validators a browser can revalidate with', async () => {
      const answer = await raw(gatewayPort, '/console/assets/app-abc123.js');
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(APP_JS);
      expect(answer.headers['content-type']).toMatch(/^(application|text)\/javascript/);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.headers['content-security-policy']).toBe(CONSOLE_CSP);
      const again = await raw(gatewayPort, '/console/assets/app-abc123.js', {
        headers: { 'if-none-match': String(answer.headers.etag) },
      });
      expect(again.status).toBe(304);
    });

    it('sends the compressed copy a browser accepts, as the same script, and the plain file to one that accepts none', async () => {
      const fetchAsset = (acceptEncoding?: string) =>
        fetch(`http://127.0.0.1:${gatewayPort}/console/assets/app-abc123.js`, {
          headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
        });
      // undici's fetch would decode the body itself; the bytes on the wire are read through `raw` below.
      const onWire = (acceptEncoding: string) =>
        new Promise<{ encoding?: string; vary?: string; type?: string; cache?: string; body: Buffer }>(
          (resolve, reject) => {
            request(
              {
                host: '127.0.0.1',
                port: gatewayPort,
                path: '/console/assets/app-abc123.js',
                headers: { 'accept-encoding': acceptEncoding },
              },
              (answer) => {
                const chunks: Buffer[] = [];
                answer.on('data', (chunk: Buffer) => chunks.push(chunk));
                answer.on('end', () =>
                  resolve({
                    encoding: answer.headers['content-encoding'],
                    vary: answer.headers.vary,
                    type: answer.headers['content-type'],
                    cache: answer.headers['cache-control'],
                    body: Buffer.concat(chunks),
                  }),
                );
              },
            )
              .on('error', reject)
              .end();
          },
        );
      const brotli = await onWire('gzip, deflate, br');
      expect(brotli.encoding).toBe('br');
      expect(brotliDecompressSync(brotli.body).toString('utf8')).toBe(APP_JS);
      expect(brotli.type).toMatch(/^(application|text)\/javascript/);
      expect(brotli.cache).toBe('public, max-age=31536000, immutable');
      expect(brotli.vary).toMatch(/accept-encoding/i);
      const gzip = await onWire('gzip');
      expect(gzip.encoding).toBe('gzip');
      expect(gunzipSync(gzip.body).toString('utf8')).toBe(APP_JS);
      const plain = await onWire('identity');
      expect([plain.encoding, plain.body.toString('utf8')]).toEqual([undefined, APP_JS]);
      expect(plain.vary).toMatch(/accept-encoding/i);
      // What a browser's fetch sees: the script itself, whichever copy travelled.
      expect(await (await fetchAsset()).text()).toBe(APP_JS);
    });

    it("answers the app's own routes with index.html, and a missing asset with 404", async () => {
      for (const path of ['/console/setup', '/console/keys/k-1', '/console/usage/?from=2026-01-01']) {
        const answer = await raw(gatewayPort, path);
        expect([path, answer.status, answer.body]).toEqual([path, 200, INDEX_HTML]);
        expect(answer.headers['cache-control']).toBe('no-cache');
      }
      const missing = await raw(gatewayPort, '/console/assets/gone-999.js');
      expect(missing.status).toBe(404);
      expect(errorOf(missing).code).toBe('not_found');
      expect(missing.body).not.toContain('<!doctype');
    });

    it.each([
      '/console/../package.json',
      '/console/../secret.txt',
      '/console/assets/../../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/%2E%2E/%2E%2E/package.json',
      '/console/..%2fsecret.txt',
      '/console/%2e%2e%2f%2e%2e%2fpackage.json',
      '/console/assets/..%5c..%5csecret.txt',
      '/console/.env',
      '/console/%2eenv',
      '/console//etc/passwd',
      '/console/index.html%00.js',
    ])('refuses %s with a 404 and nothing from outside the console', async (path) => {
      const answer = await raw(gatewayPort, path);
      expect(answer.status).toBe(404);
      expect(answer.body).not.toMatch(/SECRET|langflow-connect|root:/);
    });

    it('sends browsers from / to the console, and never redirects /mcp', async () => {
      const home = await raw(gatewayPort, '/');
      expect([home.status, home.headers.location]).toEqual([302, '/console/']);
      for (const method of ['GET', 'POST']) {
        const mcp = await raw(gatewayPort, '/mcp', {
          method,
          headers: { 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        expect(mcp.status).toBe(401);
        expect(mcp.headers.location).toBeUndefined();
      }
    });

    it('keeps the strict API policy off the console', async () => {
      const answer = await raw(gatewayPort, '/api/v1/tools/list');
      expect(answer.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    });
  });

  describe('/api/v1/auth and /api/v1/cost through the gateway', () => {
    const login = (port: number, from: string, email: string) =>
      raw(port, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ email, password: 'not the password' }),
      });

    it("reaches auth: a wrong password gets auth's own 401", async () => {
      const through = await login(gatewayPort, '192.0.2.10', 'admin@langflow-connect.local');
      const direct = await login(suite.backend('auth').port, '192.0.2.11', 'admin@langflow-connect.local');
      expect(through.status).toBe(401);
      expect(errorOf(through)).toEqual({ ...errorOf(direct), requestId: expect.any(String) as string });
      expect(errorOf(through).code).toBe('invalid_credentials');
      // One request id from the gateway's log line to auth's.
      expect(through.headers['x-request-id']).toBe(
        (JSON.parse(through.body) as { error: { requestId: string } }).error.requestId,
      );
    });

    it('reaches cost-accounting with a key', async () => {
      const headers = { 'x-api-key': suite.apiKey };
      const through = await raw(
        gatewayPort,
        '/api/v1/cost/summary?groupBy=day&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
        { headers },
      );
      const direct = await raw(
        suite.backend('cost-accounting').port,
        '/api/v1/cost/summary?groupBy=day&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
        { headers },
      );
      expect(through.status).toBe(200);
      expect(JSON.parse(through.body)).toEqual(JSON.parse(direct.body));
      expect((await raw(gatewayPort, '/api/v1/cost/summary')).status).toBe(401);
    });

    it("serves auth's JWKS on the gateway's origin, where the API document lists it", async () => {
      const through = await raw(gatewayPort, '/.well-known/jwks.json');
      const direct = await raw(suite.backend('auth').port, '/.well-known/jwks.json');
      expect(through.status).toBe(200);
      expect(JSON.parse(through.body)).toEqual(JSON.parse(direct.body));
      expect((JSON.parse(through.body) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    });

    it("lets auth's login throttle count each client apart, by the address the gateway reports", async () => {
      const from = '203.0.113.77';
      for (let attempt = 0; attempt < 7; attempt++)
        expect((await login(gatewayPort, from, `sprayed-${attempt}@example.com`)).status).toBe(401);
      const refused = await login(gatewayPort, from, 'sprayed-7@example.com');
      expect([refused.status, errorOf(refused).code]).toEqual([429, 'rate_limited']);
      expect(refused.headers['retry-after']).toBeDefined();
      // Another client through the same gateway is not held back: auth did not count the gateway's address.
      expect((await login(gatewayPort, '203.0.113.78', 'sprayed-7@example.com')).status).toBe(401);
    });

    it("audits forwarded requests by route, and none of the console's files", async () => {
      const marker = `audit-probe-${Date.now()}`;
      // The file first: a record of it would be flushed no later than the login's.
      await raw(gatewayPort, '/console/assets/app-abc123.js', { headers: { 'user-agent': marker } });
      await raw(gatewayPort, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': marker },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'x' }),
      });
      const db = new Client({ connectionString: suite.databaseUrl });
      await db.connect();
      try {
        const actions = async () =>
          (
            await db.query<{ action: string }>('SELECT action FROM gateway.audit_logs WHERE user_agent = $1', [marker])
          ).rows.map((row) => row.action);
        // Written in batches every 200 ms: a few tries, not a clock.
        for (let tries = 0; tries < 100 && (await actions()).length === 0; tries++)
          await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await actions()).toEqual(['POST /api/v1/auth/*']);
      } finally {
        await db.end();
      }
    });

    it('refuses paths that could leave the forwarded prefix', async () => {
      for (const path of [
        '/api/v1/auth/../../metrics',
        '/api/v1/auth/%2e%2e/%2e%2e/metrics',
        '/api/v1/cost/..%2f..%2finternal/v1/status',
      ]) {
        const answer = await raw(gatewayPort, path);
        expect([path, answer.status]).toEqual([path, 400]);
        expect(answer.body).not.toContain('lfc_');
      }
    });
  });

  describe('a gateway whose services are stand-ins, unreachable or not built', () => {
    let stand: Awaited<ReturnType<typeof recordingService>>;
    let gateway: ServiceProcess;

    beforeAll(async () => {
      stand = await recordingService();
      const emptyDir = join(place, 'not-built');
      mkdirSync(emptyDir);
      gateway = await suite.addGateway({
        LFC_CONSOLE_DIR: emptyDir,
        LFC_PUBLIC_API_PROXY: 'true',
        LFC_AUTH_URL: stand.url,
        // Nothing listens there.
        LFC_COST_URL: `http://127.0.0.1:${await freePort()}`,
        LFC_PUBLIC_API_PROXY_TIMEOUT_MS: '3000',
        LFC_REQUEST_BODY_LIMIT_BYTES: '65536',
        LFC_BUDGET_ENFORCEMENT: 'false',
      });
    });

    afterAll(async () => {
      await stand?.close();
    });

    it('starts without a built console and says so on /console', async () => {
      expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
      for (const path of ['/console', '/console/', '/console/assets/app-abc123.js']) {
        const answer = await raw(gateway.port, path);
        expect(answer.status).toBe(404);
        expect(errorOf(answer).message).toMatch(/web console is not built: run `npm run build`/);
      }
    });

    it('passes method, path, query, cookies and body on, and every Set-Cookie back, without hop-by-hop headers', async () => {
      const body = JSON.stringify({ email: 'a@example.com', password: 'p' });
      const answer = await raw(gateway.port, '/api/v1/auth/session?return=%2Fconsole%2F', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: 'lfc_session=old; theme=dark',
          connection: 'keep-alive, x-private',
          'x-private': 'for the next hop only',
          'x-forwarded-for': '198.51.100.66',
          'x-lfc-service-token': 'forged',
        },
        body,
      });
      expect(answer.status).toBe(201);
      expect(answer.headers['set-cookie']).toEqual([
        'lfc_session=s3cr3t; Path=/; HttpOnly; SameSite=Strict',
        'lfc_csrf=c5rf; Path=/; SameSite=Strict',
      ]);
      expect(answer.headers['x-service']).toBe('stand-in');
      expect(answer.headers['x-hop']).toBeUndefined();
      expect(JSON.parse(answer.body)).toEqual({ echoed: body.length });

      const seen = stand.received.at(-1)!;
      expect([seen.method, seen.url, seen.body]).toEqual(['POST', '/api/v1/auth/session?return=%2Fconsole%2F', body]);
      expect(seen.headers.cookie).toBe('lfc_session=old; theme=dark');
      expect(seen.headers['content-type']).toBe('application/json');
      expect(seen.headers['x-private']).toBeUndefined();
      expect(seen.headers['x-lfc-service-token']).toBeUndefined();
      // This gateway trusts no proxy: the address a client writes is replaced by the one it connects from.
      expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(seen.headers['x-forwarded-proto']).toBe('http');
      expect(seen.headers['x-forwarded-host']).toBe(`127.0.0.1:${gateway.port}`);
      expect(seen.headers['x-request-id']).toBe(answer.headers['x-request-id']);
    });

    it('passes HEAD on and brings the headers back without a body', async () => {
      const answer = await raw(gateway.port, '/api/v1/auth/session', {
        method: 'HEAD',
        headers: { cookie: 'lfc_session=old' },
      });
      expect([answer.status, answer.body]).toEqual([201, '']);
      expect(answer.headers['set-cookie']).toHaveLength(2);
      expect(stand.received.at(-1)).toMatchObject({ method: 'HEAD', url: '/api/v1/auth/session', body: '' });
    });

    it('streams a chunked request body on and a large answer back', async () => {
      const body = 'y'.repeat(40_000);
      const answer = await raw(gateway.port, '/api/v1/auth/large', {
        method: 'PUT',
        headers: { 'content-type': 'text/plain' },
        body,
        chunked: true,
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toBe('x'.repeat(64 * 16_384));
      expect(stand.received.at(-1)?.body).toBe(body);
    });

    it("refuses a body over the gateway's limit with 413, declared or streamed", async () => {
      const before = stand.received.length;
      const declared = await raw(gateway.port, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'z'.repeat(70_000),
      });
      expect([declared.status, errorOf(declared).code]).toEqual([413, 'payload_too_large']);
      expect(stand.received.length).toBe(before);
      const streamed = await raw(gateway.port, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'z'.repeat(70_000),
        chunked: true,
      });
      expect([streamed.status, errorOf(streamed).code]).toEqual([413, 'payload_too_large']);
    });

    it('answers 502 in JSON when the service is down, and 504 when it does not answer in time', async () => {
      const down = await raw(gateway.port, '/api/v1/cost/summary', { headers: { 'x-api-key': suite.apiKey } });
      expect(down.status).toBe(502);
      expect(down.headers['content-type']).toMatch(/^application\/json/);
      expect(errorOf(down)).toMatchObject({
        code: 'bad_gateway',
        message: expect.stringContaining('cost-accounting is unreachable') as string,
      });
      const silent = await raw(gateway.port, '/api/v1/auth/never');
      expect(silent.status).toBe(504);
      expect(errorOf(silent)).toMatchObject({
        code: 'deadline_exceeded',
        message: expect.stringContaining('auth did not answer') as string,
      });
    });
  });
});
