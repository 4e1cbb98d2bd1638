import { DomainError } from '@lfc/common';

/** Every tenant's objects live under `tenants/{tenant}/`; nothing else in the store is reachable from a tool. */
export const TENANTS_ROOT = 'tenants/';

/** S3 keys are at most 1024 bytes; the tenant prefix takes part of that. */
const MAX_PATH_BYTES = 900;
/**
 * File systems refuse names over 255 bytes, and the local driver keeps each file's metadata beside
 * it under the name plus `.json`: the same limit on every driver, so a path valid on one is on all.
 */
const MAX_SEGMENT_BYTES = 250;
const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
// C0 and C1 control characters and DEL: invisible in logs and listings, NUL truncates paths in C APIs.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
// Line and paragraph separators, bidi overrides and zero-width characters make a name look like another.
const DECEPTIVE_CHARACTER = /[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/;
// Percent-encoded dot, slash, backslash, percent and control characters: whoever decodes the key later
// (a proxy, a browser, a client library) would see a different path than the one we confined.
const ENCODED_SPECIAL = /%(2e|2f|5c|25|[01][0-9a-f]|7f)/i;
// With the u flag a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;
const WINDOWS_DRIVE = /^[A-Za-z]:/;

function refuse(message: string, code: 'validation_failed' | 'forbidden' = 'validation_failed'): never {
  throw new DomainError(code, message);
}

function refuseAbsolute(field: string): never {
  refuse(`${field} must be relative to your file space; absolute paths are not allowed`, 'forbidden');
}

/**
 * The prefix of one tenant. Tenants come from the authenticated identity (`user-{id}`), never from
 * tool arguments; anything that could not be a single path segment is refused rather than escaped,
 * so two tenants can never map to the same prefix.
 */
export function tenantPrefix(tenant: string): string {
  if (!TENANT_PATTERN.test(tenant) || tenant.includes('..'))
    refuse(`tenant ${JSON.stringify(tenant)} cannot own files`, 'forbidden');
  return `${TENANTS_ROOT}${tenant}/`;
}

/**
 * Normalises a path given by a caller into `a/b/c` (no leading or trailing slash, `.` segments
 * dropped, Unicode NFC). Refuses, naming the field: absolute paths, `..`, backslashes, NUL and other
 * control characters, percent-encoded traversal, and empty segments. An empty result means the
 * tenant's root and is only allowed when `allowRoot` is set (listing).
 */
export function normaliseUserPath(
  input: string,
  options: { field?: string; allowRoot?: boolean; directory?: boolean } = {},
): string {
  const field = options.field ?? 'path';
  if (typeof input !== 'string') refuse(`${field} must be a string`);
  // A lone UTF-16 surrogate has no UTF-8 form: every store would write U+FFFD instead, so distinct
  // paths would name one file (and the result cache would keep them apart).
  if (LONE_SURROGATE.test(input)) refuse(`${field} must be well-formed Unicode (it holds a lone surrogate)`);
  if (CONTROL_CHARACTER.test(input)) refuse(`${field} must not contain NUL or control characters`);
  if (DECEPTIVE_CHARACTER.test(input)) refuse(`${field} must not contain invisible or direction-changing characters`);
  if (input.includes('\\')) refuse(`${field} must use / as separator; backslashes are not allowed`);
  if (ENCODED_SPECIAL.test(input))
    refuse(`${field} must not contain percent-encoded dots, slashes or control characters`, 'forbidden');
  if (input.startsWith('/')) refuseAbsolute(field);
  const normalised = input.normalize('NFC');
  // A directory may be written with one trailing slash ("reports/"); a file may not.
  const body = options.directory && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
  const segments: string[] = [];
  for (const segment of body === '' || body === '.' ? [] : body.split('/')) {
    if (segment === '') refuse(`${field} must not contain empty segments ("//" or a trailing "/")`);
    if (segment === '..') refuse(`${field} must not contain ".." segments`, 'forbidden');
    if (segment === '.') continue;
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      refuse(`${field} has a segment longer than ${MAX_SEGMENT_BYTES} bytes`);
    segments.push(segment);
  }
  const path = segments.join('/');
  // Read after the "." segments are gone: "./~" and "./C:/x" are "~" and "C:/x", which would be refused next time.
  if (path.startsWith('~') || WINDOWS_DRIVE.test(path)) refuseAbsolute(field);
  if (path === '' && !options.allowRoot) refuse(`${field} must name a file`);
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) refuse(`${field} is longer than ${MAX_PATH_BYTES} bytes`);
  return path;
}

/** The store key of a caller's file: always inside `tenants/{tenant}/`. */
export function tenantKey(tenant: string, path: string, field = 'path'): string {
  return `${tenantPrefix(tenant)}${normaliseUserPath(path, { field })}`;
}

/** The listing prefix of a caller's directory (ending in `/`); the root when `path` is empty. */
export function tenantDirectoryPrefix(tenant: string, path: string | undefined, field = 'path'): string {
  const directory = normaliseUserPath(path ?? '', { field, allowRoot: true, directory: true });
  return `${tenantPrefix(tenant)}${directory === '' ? '' : `${directory}/`}`;
}

/** A store key as the caller knows it (without the tenant prefix); throws if the key is not the tenant's. */
export function userPathOf(tenant: string, key: string): string {
  const prefix = tenantPrefix(tenant);
  if (!key.startsWith(prefix)) throw new Error(`key ${key} is outside tenant ${tenant}`);
  return key.slice(prefix.length);
}
