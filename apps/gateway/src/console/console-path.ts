import { CONSOLE_PATH } from '@lfc/common';

/** The console's entry page; every route of the single-page app answers with it. */
export const CONSOLE_INDEX = 'index.html';

/** Vite names every file under assets/ after its content: a changed file is a new URL, so it is cached for good. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The entry page (and any file without a hash) is revalidated on every load, so a new build is seen at once. */
export const REVALIDATE_CACHE = 'no-cache';

const MAX_PATH_LENGTH = 1024;
const MAX_SEGMENTS = 16;
const MAX_SEGMENT_LENGTH = 255;

/**
 * What a path under /console asks for, decided from the path alone before the disk is touched:
 * the entry page, a file (which, when missing, is a route of the app if it looks like one), or a
 * refusal. Nothing a refusal covers ever reaches the file system.
 */
export type ConsolePath =
  { kind: 'index' } | { kind: 'file'; relativePath: string; appRoute: boolean } | { kind: 'refused'; reason: string };

const refused = (reason: string): ConsolePath => ({ kind: 'refused', reason });

/**
 * A segment that names an entry of the console folder and nothing else: no `.`/`..` (nor any dotfile),
 * no separator of any platform, no control character. Checked after percent-decoding, so `%2e%2e`
 * and `..%2f` are refused like their plain forms.
 */
function plainSegment(segment: string): boolean {
  if (segment.length === 0 || segment.length > MAX_SEGMENT_LENGTH || segment.startsWith('.')) return false;
  for (const char of segment) {
    const code = char.charCodeAt(0);
    if (char === '/' || char === '\\' || code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

/** `url` is the request's raw URL (still percent-encoded), query included. */
export function parseConsolePath(url: string): ConsolePath {
  const path = url.split('?', 1)[0] ?? '';
  if (path.length > MAX_PATH_LENGTH) return refused('path too long');
  if (path === CONSOLE_PATH) return { kind: 'index' };
  if (!path.startsWith(`${CONSOLE_PATH}/`)) return refused('not under /console');
  const parts = path.slice(CONSOLE_PATH.length + 1).split('/');
  // A trailing slash names a route of the app (`/console/`, `/console/keys/`), never a file.
  const route = parts.at(-1) === '';
  if (route) parts.pop();
  if (parts.length > MAX_SEGMENTS) return refused('too many path segments');
  const segments: string[] = [];
  for (const part of parts) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return refused('malformed percent-encoding');
    }
    if (!plainSegment(segment)) return refused('path segment outside the console folder, or a hidden file');
    segments.push(segment);
  }
  if (route || segments.length === 0) return { kind: 'index' };
  const last = segments[segments.length - 1] ?? '';
  return {
    kind: 'file',
    relativePath: segments.join('/'),
    // A missing file stays a 404 (a script must never be answered with the HTML page); a path
    // without an extension outside assets/ is one of the app's own routes (/console/setup).
    appRoute: segments[0] !== 'assets' && !last.includes('.'),
  };
}

export function cacheControlFor(relativePath: string): string {
  return relativePath.startsWith('assets/') ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
}
