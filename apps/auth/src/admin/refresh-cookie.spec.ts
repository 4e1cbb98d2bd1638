import { ClientAddressResolver } from '@lfc/common';
import { RefreshCookies, refreshCookie, refreshTokenOf } from './refresh-cookie';

const TOKEN = 'a'.repeat(20) + 'B-_'.repeat(7) + 'z'.repeat(2);

const request = (peer: string, headers: Record<string, string> = {}) => ({
  raw: { socket: { remoteAddress: peer } },
  headers,
});

describe('the refresh cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to the session path, with its Max-Age, and Secure when asked', () => {
    expect(refreshCookie(TOKEN, 604_800, true)).toBe(
      `lfc_refresh=${TOKEN}; Max-Age=604800; Path=/api/v1/auth/session; HttpOnly; SameSite=Strict; Secure`,
    );
    expect(refreshCookie('', 0, false)).toBe(
      'lfc_refresh=; Max-Age=0; Path=/api/v1/auth/session; HttpOnly; SameSite=Strict',
    );
  });

  it('is read from among other cookies, and only when its value could be a token', () => {
    expect(TOKEN).toHaveLength(43);
    expect(refreshTokenOf(`theme=dark; lfc_refresh=${TOKEN}; other=1`)).toBe(TOKEN);
    expect(refreshTokenOf(`lfc_refresh=short; lfc_refresh=${TOKEN}`)).toBe(TOKEN);
    expect(refreshTokenOf(`xlfc_refresh=${TOKEN}`)).toBeNull();
    expect(refreshTokenOf(`lfc_refresh=${TOKEN}x`)).toBeNull();
    expect(refreshTokenOf('lfc_refresh')).toBeNull();
    expect(refreshTokenOf(undefined)).toBeNull();
  });
});

describe('RefreshCookies.secure', () => {
  const direct = new ClientAddressResolver([]);
  const proxied = new ClientAddressResolver(['10.0.0.0/8']);

  it('leaves Secure off only for plain http from this machine', () => {
    const cookies = new RefreshCookies(undefined, direct);
    expect(cookies.secure(request('127.0.0.1'))).toBe(false);
    expect(cookies.secure(request('::1'))).toBe(false);
    expect(cookies.secure(request('192.168.1.20'))).toBe(true);
  });

  it('follows the public URL when one is configured', () => {
    expect(new RefreshCookies('https://mcp.example.com', direct).secure(request('127.0.0.1'))).toBe(true);
    expect(new RefreshCookies('http://127.0.0.1:8000', direct).secure(request('127.0.0.1'))).toBe(false);
    expect(new RefreshCookies('http://console.example.com', direct).secure(request('203.0.113.9'))).toBe(true);
  });

  it('believes X-Forwarded-Proto and X-Forwarded-For from a trusted proxy only', () => {
    const cookies = new RefreshCookies(undefined, proxied);
    expect(cookies.secure(request('10.0.0.5', { 'x-forwarded-proto': 'http', 'x-forwarded-for': '127.0.0.1' }))).toBe(
      false,
    );
    expect(cookies.secure(request('10.0.0.5', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '127.0.0.1' }))).toBe(
      true,
    );
    expect(cookies.secure(request('10.0.0.5', { 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.9' }))).toBe(
      true,
    );
    // From anyone else the headers say nothing.
    expect(
      new RefreshCookies(undefined, direct).secure(
        request('203.0.113.9', { 'x-forwarded-proto': 'http', 'x-forwarded-for': '127.0.0.1' }),
      ),
    ).toBe(true);
  });

  it('reads the token from the Cookie header of a request', () => {
    expect(
      new RefreshCookies(undefined, direct).tokenOf(request('127.0.0.1', { cookie: `lfc_refresh=${TOKEN}` })),
    ).toBe(TOKEN);
  });
});
