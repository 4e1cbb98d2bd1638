import { BROWSER_SESSION_PATH, BrowserSession, CSRF_HEADER, CSRF_HEADER_VALUE } from '@lfc/contracts';
import { z } from 'zod';
import { ApiError } from './errors';
import { apiJson } from './http';
import { session } from './session';
import { startEarlyExchange, takeEarlyExchange } from './session-exchange';

const user: BrowserSession['user'] = {
  id: '0d9a3c0e-0b5e-4a55-9d0f-6b8f3c2a1e11',
  email: 'ada@example.com',
  username: 'ada',
  role: 'developer',
  isActive: true,
  totpEnabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const sessionWith = (accessToken: string): BrowserSession => ({
  accessToken,
  tokenType: 'Bearer',
  expiresIn: 900,
  user,
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refusal = (status: number, code: string) => json(status, { error: { code, message: `refused: ${code}` } });

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/**
 * A stand-in for the browser's fetch, in front of a pretend API that accepts one token: each
 * request is recorded, the refresh route answers from `refreshes`, every other route checks the
 * bearer token against `valid`.
 */
function serve(options: { valid: string; refreshes: Response[]; refusal?: Response }) {
  const sent: Sent[] = [];
  global.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    // The client sends its headers as a plain object and its URL as a path.
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ url, method: init?.method ?? 'GET', headers });
    if (url === `${BROWSER_SESSION_PATH}/refresh`) return options.refreshes.shift() ?? refusal(401, 'invalid_token');
    if (headers.authorization !== `Bearer ${options.valid}`) return refusal(401, 'expired_token');
    return options.refusal ?? json(200, { answer: 42 });
  };
  return sent;
}

const Answer = z.object({ answer: z.number() });

describe('apiJson', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  it('refreshes an expired token once, with the CSRF header, and repeats the call', async () => {
    serve({ valid: 'old', refreshes: [json(200, sessionWith('old'))] });
    await session.refresh();
    const sent = serve({ valid: 'new', refreshes: [json(200, sessionWith('new'))] });

    await expect(apiJson('/api/v1/tools/list', Answer)).resolves.toEqual({ answer: 42 });
    expect(sent.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/api/v1/tools/list', 'Bearer old'],
      [`${BROWSER_SESSION_PATH}/refresh`, undefined],
      ['/api/v1/tools/list', 'Bearer new'],
    ]);
    expect(sent[1]?.headers[CSRF_HEADER]).toBe(CSRF_HEADER_VALUE);
    expect(session.snapshot()).toEqual({ status: 'signed-in', user });
  });

  it('ends the session when the refresh is refused too', async () => {
    serve({ valid: 'a', refreshes: [json(200, sessionWith('a'))] });
    await session.refresh();
    serve({ valid: 'b', refreshes: [refusal(401, 'invalid_token')] });

    await expect(apiJson('/api/v1/auth/keys', Answer)).rejects.toMatchObject({ code: 'expired_token' });
    expect(session.snapshot()).toMatchObject({ status: 'signed-out' });
    expect(session.accessToken).toBeNull();
  });

  it('passes other refusals on without a refresh', async () => {
    serve({ valid: 'c', refreshes: [json(200, sessionWith('c'))] });
    await session.refresh();
    const sent = serve({ valid: 'c', refreshes: [], refusal: refusal(401, 'invalid_credentials') });

    const failure = apiJson('/api/v1/auth/me/password', Answer, { method: 'POST', body: {} });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 401, message: 'refused: invalid_credentials' });
    expect(sent).toHaveLength(1);
    expect(session.snapshot()).toMatchObject({ status: 'signed-in' });
  });

  it('shares one refresh among the calls that need it at once', async () => {
    serve({ valid: 'd', refreshes: [json(200, sessionWith('d'))] });
    await session.refresh();
    const sent = serve({ valid: 'e', refreshes: [json(200, sessionWith('e'))] });

    await Promise.all([apiJson('/one', Answer), apiJson('/two', Answer), apiJson('/three', Answer)]);
    expect(sent.filter((request) => request.url.endsWith('/refresh'))).toHaveLength(1);
  });

  it('refuses an answer that does not match the contract', async () => {
    serve({ valid: 'f', refreshes: [json(200, sessionWith('f'))] });
    await session.refresh();
    await expect(apiJson('/api/v1/tools/list', z.object({ tools: z.array(z.string()) }))).rejects.toMatchObject({
      code: 'unexpected_answer',
    });
  });
});

/** The browser's fetch, answering each refresh with the next token; records what was sent. */
function refreshesAnswering(...tokens: string[]) {
  const sent: Sent[] = [];
  global.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ url, method: init?.method ?? 'GET', headers: (init?.headers ?? {}) as Record<string, string> });
    const token = tokens.shift();
    return Promise.resolve(token ? json(200, sessionWith(token)) : refusal(401, 'invalid_token'));
  };
  return sent;
}

describe('the session restored at start', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  it('takes the exchange the first script started, and asks anew only for a later refresh', async () => {
    const sent = refreshesAnswering('early', 'later');
    startEarlyExchange();
    expect(sent).toEqual([
      { url: `${BROWSER_SESSION_PATH}/refresh`, method: 'POST', headers: { [CSRF_HEADER]: CSRF_HEADER_VALUE } },
    ]);

    await session.restore();
    expect(sent).toHaveLength(1);
    expect(session.accessToken).toBe('early');
    expect(session.snapshot()).toEqual({ status: 'signed-in', user });

    await session.refresh();
    expect(sent).toHaveLength(2);
    expect(session.accessToken).toBe('later');
  });

  it('hands the early exchange out once: its refresh token is spent', () => {
    refreshesAnswering('once');
    startEarlyExchange();
    expect(takeEarlyExchange()).toBeInstanceOf(Promise);
    expect(takeEarlyExchange()).toBeUndefined();
  });

  it('stays signed out when the early exchange is refused, without asking again', async () => {
    const sent = refreshesAnswering();
    await session.signOut();
    startEarlyExchange();
    await session.restore();
    expect(sent.filter((request) => request.url.endsWith('/refresh'))).toHaveLength(1);
    expect(session.snapshot()).toEqual({ status: 'signed-out' });
    expect(session.accessToken).toBeNull();
  });
});
