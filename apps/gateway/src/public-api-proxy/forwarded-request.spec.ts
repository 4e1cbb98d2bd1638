import { downstreamResponseHeaders, forwardablePath, upstreamRequestHeaders } from './forwarded-request';

const fromClient = { peer: '203.0.113.5', peerTrusted: false, protocol: 'http' };
const fromProxy = { peer: '10.0.0.2', peerTrusted: true, protocol: 'http' };
const extra = { requestId: 'req-1', withBody: true };

describe('upstreamRequestHeaders', () => {
  it('passes the message headers on, cookies and credentials included, and drops hop-by-hop ones', () => {
    const headers = upstreamRequestHeaders(
      {
        host: 'console.example:8000',
        cookie: 'lfc_session=abc; theme=dark',
        authorization: 'Bearer t',
        'x-api-key': 'lfc_key',
        'content-type': 'application/json',
        'content-length': '12',
        accept: 'application/json',
        connection: 'keep-alive, X-Private-Hop',
        'keep-alive': 'timeout=5',
        'x-private-hop': 'named by Connection',
        'transfer-encoding': 'chunked',
        te: 'trailers',
        trailer: 'x-checksum',
        upgrade: 'websocket',
        'proxy-authorization': 'Basic x',
        expect: '100-continue',
      },
      fromClient,
      extra,
    );
    expect(headers).toEqual({
      cookie: 'lfc_session=abc; theme=dark',
      authorization: 'Bearer t',
      'x-api-key': 'lfc_key',
      'content-type': 'application/json',
      'content-length': '12',
      accept: 'application/json',
      'x-forwarded-for': '203.0.113.5',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'console.example:8000',
      'x-request-id': 'req-1',
    });
  });

  it('never passes on the credentials of internal calls, nor a length without a body', () => {
    const headers = upstreamRequestHeaders(
      { 'x-lfc-service-token': 'forged', 'x-lfc-caller': 'forged', 'content-length': '0' },
      fromClient,
      { ...extra, withBody: false },
    );
    expect(Object.keys(headers).sort()).toEqual(['x-forwarded-for', 'x-forwarded-proto', 'x-request-id']);
  });

  it('from a client, starts the chain at its address: addresses it plants are dropped', () => {
    const headers = upstreamRequestHeaders(
      { host: 'gw', 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil' },
      fromClient,
      extra,
    );
    expect(headers).toMatchObject({
      'x-forwarded-for': '203.0.113.5',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'gw',
    });
  });

  it("from a trusted proxy, appends the proxy's address and keeps the scheme and host it saw", () => {
    const headers = upstreamRequestHeaders(
      {
        host: 'gateway:8000',
        'x-forwarded-for': '198.51.100.1',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'mcp.example.com',
      },
      fromProxy,
      extra,
    );
    expect(headers).toMatchObject({
      'x-forwarded-for': '198.51.100.1, 10.0.0.2',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'mcp.example.com',
    });
    // A trusted proxy that sent none: the gateway's own view.
    expect(upstreamRequestHeaders({ host: 'gateway:8000' }, fromProxy, extra)).toMatchObject({
      'x-forwarded-for': '10.0.0.2',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'gateway:8000',
    });
  });

  it("replaces the client's request id and trace context with the gateway's", () => {
    const headers = upstreamRequestHeaders(
      { 'x-request-id': 'client-chosen', traceparent: '00-aaaa-bbbb-01' },
      fromClient,
      { ...extra, traceparent: '00-1111-2222-01' },
    );
    expect(headers).toMatchObject({ 'x-request-id': 'req-1', traceparent: '00-1111-2222-01' });
  });
});

describe('downstreamResponseHeaders', () => {
  it('passes every Set-Cookie and the body headers on, and drops hop-by-hop ones', () => {
    expect(
      downstreamResponseHeaders({
        'set-cookie': ['lfc_session=abc; HttpOnly; Secure; SameSite=Strict; Path=/', 'lfc_csrf=x; Path=/'],
        'content-type': 'application/json; charset=utf-8',
        'content-length': '27',
        'content-encoding': 'gzip',
        'cache-control': 'no-store',
        connection: 'keep-alive, x-hop',
        'keep-alive': 'timeout=30',
        'x-hop': '1',
        'transfer-encoding': 'chunked',
        'x-request-id': 'req-1',
      }),
    ).toEqual({
      'set-cookie': ['lfc_session=abc; HttpOnly; Secure; SameSite=Strict; Path=/', 'lfc_csrf=x; Path=/'],
      'content-type': 'application/json; charset=utf-8',
      'content-length': '27',
      'content-encoding': 'gzip',
      'cache-control': 'no-store',
      'x-request-id': 'req-1',
    });
  });
});

describe('forwardablePath', () => {
  it.each([
    '/api/v1/auth/login',
    '/api/v1/cost/summary?from=2026-01-01&to=..',
    '/api/v1/auth/keys/k%201',
    '/api/v1/auth',
  ])('forwards %s', (url) => expect(forwardablePath(url)).toBe(true));

  it.each([
    '/api/v1/auth/../../metrics',
    '/api/v1/auth/%2e%2e/%2e%2e/metrics',
    '/api/v1/auth/..%2f..%2finternal/v1/status',
    '/api/v1/cost/.%2e/x',
    '/api/v1/auth/./login',
    '/api/v1/auth/a%5c..%5cx',
    '/api/v1/auth/%zz',
    `/api/v1/auth/${'a'.repeat(9000)}`,
  ])('refuses %s', (url) => expect(forwardablePath(url)).toBe(false));
});
