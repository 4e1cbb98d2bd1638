import { ClientAddressResolver, RequestOrigin, isLoopback } from '@lfc/common';
import { BROWSER_SESSION_PATH, BrowserSession, REFRESH_COOKIE } from '@lfc/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OPAQUE_TOKEN_PATTERN } from '../access/opaque-token';
import type { IssuedBrowserSession } from '../sessions/browser-sessions';

/**
 * The refresh cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page makes
 * the browser send it), sent only to the session routes, and Secure except where that would stop
 * development on this machine over plain http.
 */
export function refreshCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${REFRESH_COOKIE}=${token}`,
    `Max-Age=${maxAgeSeconds}`,
    `Path=${BROWSER_SESSION_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The refresh token a Cookie header carries: the first `lfc_refresh` whose value could be one. */
export function refreshTokenOf(cookieHeader: string | undefined): string | null {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== REFRESH_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    if (OPAQUE_TOKEN_PATTERN.test(value)) return value;
  }
  return null;
}

/** Reads and writes the refresh cookie of a request, deciding Secure from how the browser reached us. */
export class RefreshCookies {
  private readonly publicScheme: string | undefined;

  constructor(
    publicUrl: string | undefined,
    private readonly addresses: ClientAddressResolver,
  ) {
    this.publicScheme = publicUrl === undefined ? undefined : new URL(publicUrl).protocol.replace(':', '');
  }

  tokenOf(request: RequestOrigin): string | null {
    const header = request.headers.cookie;
    return refreshTokenOf(Array.isArray(header) ? header.join('; ') : header);
  }

  /** Hands a session to the browser: the refresh token as the cookie, the rest as the answer, neither cached. */
  handOver(request: FastifyRequest, reply: FastifyReply, issued: IssuedBrowserSession): BrowserSession {
    void reply
      .header('set-cookie', refreshCookie(issued.refreshToken, issued.refreshTtlSeconds, this.secure(request)))
      .header('cache-control', 'no-store');
    return issued.session;
  }

  /** The Set-Cookie value that makes the browser drop the cookie. */
  cleared(request: RequestOrigin): string {
    return refreshCookie('', 0, this.secure(request));
  }

  /**
   * Secure unless the browser came over plain http from this machine (`npm start` on
   * http://127.0.0.1), where a browser may refuse to keep a Secure cookie. The scheme is the public
   * URL's when one is configured, else what a trusted proxy says (X-Forwarded-Proto), else the
   * connection's; a client anywhere else always gets Secure, whatever the scheme.
   */
  secure(request: RequestOrigin): boolean {
    const scheme = this.publicScheme ?? this.addresses.protocolOf(request);
    return scheme === 'https' || !isLoopback(this.addresses.of(request));
  }
}
