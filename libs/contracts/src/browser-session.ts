/*
 * Browser sessions (`/api/v1/auth/session`): the access token travels in the answer and is held
 * in memory only; the refresh token is an HttpOnly, SameSite=Strict cookie scoped to the session
 * path, and every call that uses it must carry the CSRF header below.
 *
 * No schema here: the console's first script reads these before zod and the contracts have loaded.
 */
export const BROWSER_SESSION_PATH = '/api/v1/auth/session';
export const REFRESH_COOKIE = 'lfc_refresh';
export const CSRF_HEADER = 'x-lfc-csrf';
/** The CSRF header's value: any page may send it from its own origin, but no cross-site form can. */
export const CSRF_HEADER_VALUE = '1';
