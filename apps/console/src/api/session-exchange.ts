import { BROWSER_SESSION_PATH, CSRF_HEADER, CSRF_HEADER_VALUE } from '@lfc/contracts/browser-session';

/** Trades the refresh cookie for a new access token (the answer is read by the session). */
export function exchangeRefreshCookie(): Promise<Response> {
  return fetch(`${BROWSER_SESSION_PATH}/refresh`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { [CSRF_HEADER]: CSRF_HEADER_VALUE },
  });
}

let early: Promise<Response> | undefined;

/**
 * The console's first script starts the session's restore here, before the rest of the console
 * has been fetched and evaluated: on a reload the two overlap instead of following each other.
 */
export function startEarlyExchange(): void {
  early = exchangeRefreshCookie();
  // Read later, by the session; a failure is its to handle then, not an unhandled rejection now.
  early.catch(() => undefined);
}

/** The exchange started early, once: the refresh token it spent is good for one exchange only. */
export function takeEarlyExchange(): Promise<Response> | undefined {
  const taken = early;
  early = undefined;
  return taken;
}
