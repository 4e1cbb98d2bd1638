import { BROWSER_SESSION_PATH, BrowserSession, CSRF_HEADER, CSRF_HEADER_VALUE } from '@lfc/contracts';
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

const answer = (accessToken: string) =>
  new Response(JSON.stringify({ accessToken, tokenType: 'Bearer', expiresIn: 900, user }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

/** The browser's fetch, answering each refresh with the next token; records what was sent. */
function refreshesAnswering(...tokens: string[]) {
  const sent: { url: string; headers: Record<string, string> }[] = [];
  global.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ url, headers: (init?.headers ?? {}) as Record<string, string> });
    const token = tokens.shift();
    return Promise.resolve(token ? answer(token) : new Response(null, { status: 401 }));
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
    expect(sent).toEqual([{ url: `${BROWSER_SESSION_PATH}/refresh`, headers: { [CSRF_HEADER]: CSRF_HEADER_VALUE } }]);

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
