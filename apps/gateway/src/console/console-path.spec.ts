import { IMMUTABLE_CACHE, REVALIDATE_CACHE, cacheControlFor, parseConsolePath } from './console-path';

describe('parseConsolePath', () => {
  it.each(['/console', '/console/', '/console?next=%2Fkeys', '/console/keys/', '/console/setup/?token=x'])(
    'answers %s with the entry page',
    (url) => {
      expect(parseConsolePath(url)).toEqual({ kind: 'index' });
    },
  );

  it('names files inside the folder, decoded, and tells the app routes from the files', () => {
    expect(parseConsolePath('/console/assets/app-abc123.js')).toEqual({
      kind: 'file',
      relativePath: 'assets/app-abc123.js',
      appRoute: false,
    });
    expect(parseConsolePath('/console/favicon.svg')).toEqual({
      kind: 'file',
      relativePath: 'favicon.svg',
      appRoute: false,
    });
    expect(parseConsolePath('/console/setup?x=1')).toEqual({ kind: 'file', relativePath: 'setup', appRoute: true });
    expect(parseConsolePath('/console/keys/k%201')).toEqual({ kind: 'file', relativePath: 'keys/k 1', appRoute: true });
    // Under assets/ nothing is a route: a missing script must be a 404, never the HTML page.
    expect(parseConsolePath('/console/assets/chunk')).toMatchObject({ appRoute: false });
  });

  it.each([
    '/console/../package.json',
    '/console/assets/../../package.json',
    '/console/%2e%2e/package.json',
    '/console/%2E%2E/%2E%2E/package.json',
    '/console/..%2fpackage.json',
    '/console/..%2Fpackage.json',
    '/console/assets%2f..%2f..%2fpackage.json',
    '/console/..%5cpackage.json',
    '/console/assets\\..\\..\\package.json',
    '/console/./index.html',
    '/console/%2e/index.html',
    '/console//etc/passwd',
    '/console/assets//app.js',
    '/console/.env',
    '/console/.git/config',
    '/console/assets/.hidden.js',
    '/console/index.html%00.js',
    '/console/%zz',
    '/console/a%0d%0aSet-Cookie:x',
  ])('refuses %s before touching the disk', (url) => {
    expect(parseConsolePath(url).kind).toBe('refused');
  });

  it('refuses what is not under /console, and paths beyond the bounds', () => {
    expect(parseConsolePath('/consoles/x').kind).toBe('refused');
    expect(parseConsolePath('/mcp').kind).toBe('refused');
    expect(parseConsolePath(`/console/${'a/'.repeat(20)}x`).kind).toBe('refused');
    expect(parseConsolePath(`/console/${'a'.repeat(300)}`).kind).toBe('refused');
    expect(parseConsolePath(`/console/${'a'.repeat(2000)}`).kind).toBe('refused');
  });
});

describe('cacheControlFor', () => {
  it('caches the hashed assets for good and revalidates everything else', () => {
    expect(cacheControlFor('assets/app-abc123.js')).toBe(IMMUTABLE_CACHE);
    expect(IMMUTABLE_CACHE).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('index.html')).toBe(REVALIDATE_CACHE);
    expect(cacheControlFor('favicon.svg')).toBe('no-cache');
  });
});
