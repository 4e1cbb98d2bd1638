import { DomainError } from '@lfc/common';
import fc from 'fast-check';
import { posix } from 'node:path';
import { normaliseUserPath, tenantDirectoryPrefix, tenantKey, tenantPrefix, userPathOf } from './tenant-paths';

const TENANT = 'user-alice';
const PREFIX = 'tenants/user-alice/';

function refusal(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.code;
  }
}

/** Every reading of a key someone might make later: as is, URL-decoded (once and twice), as a POSIX path. */
function readings(key: string): string[] {
  const decoded: string[] = [key];
  try {
    decoded.push(decodeURIComponent(key));
    decoded.push(decodeURIComponent(decodeURIComponent(key)));
  } catch {
    // Not decodable: no one can decode it into something else either.
  }
  return decoded.flatMap((reading) => [reading, posix.normalize(reading)]);
}

function assertConfined(key: string): void {
  for (const reading of readings(key)) {
    expect(reading.startsWith(PREFIX)).toBe(true);
    expect(reading.split('/')).not.toContain('..');
    expect(reading).not.toMatch(/[\u0000-\u001f\\]/);
  }
}

describe('tenant paths', () => {
  it('normalises harmless spellings to one key', () => {
    expect(tenantKey(TENANT, 'reports/2025/summary.md')).toBe(`${PREFIX}reports/2025/summary.md`);
    expect(tenantKey(TENANT, './reports/./summary.md')).toBe(`${PREFIX}reports/summary.md`);
    expect(tenantKey(TENANT, 'cafe\u0301.txt')).toBe(`${PREFIX}café.txt`); // NFD and NFC name one file
    expect(tenantKey(TENANT, '100%.txt')).toBe(`${PREFIX}100%.txt`);
    expect(tenantKey(TENANT, '..hidden/a..b')).toBe(`${PREFIX}..hidden/a..b`);
    expect(tenantKey(TENANT, 'x'.repeat(250))).toBe(`${PREFIX}${'x'.repeat(250)}`);
    expect(tenantKey(TENANT, 'emoji-\ud83d\ude00.txt')).toBe(`${PREFIX}emoji-😀.txt`); // a surrogate pair is one character
    expect(tenantDirectoryPrefix(TENANT, '')).toBe(PREFIX);
    expect(tenantDirectoryPrefix(TENANT, '.')).toBe(PREFIX);
    expect(tenantDirectoryPrefix(TENANT, 'reports/')).toBe(`${PREFIX}reports/`);
    expect(userPathOf(TENANT, `${PREFIX}reports/x`)).toBe('reports/x');
  });

  it.each([
    ['../user-bob/secret.txt', 'forbidden'],
    ['a/../../user-bob/x', 'forbidden'],
    ['..', 'forbidden'],
    ['/etc/passwd', 'forbidden'],
    ['/tenants/user-bob/x', 'forbidden'],
    ['~/x', 'forbidden'],
    ['./~', 'forbidden'],
    ['C:/Windows/x', 'forbidden'],
    ['./C:/Windows/x', 'forbidden'],
    ['%2e%2e/user-bob/x', 'forbidden'],
    ['%2E%2E%2Fuser-bob', 'forbidden'],
    ['a%2f..%2fb', 'forbidden'],
    ['%252e%252e/x', 'forbidden'],
    ['..\\user-bob\\x', 'validation_failed'],
    ['a\\b', 'validation_failed'],
    ['a\u0000.txt', 'validation_failed'],
    ['a\n.txt', 'validation_failed'],
    ['a\u0085.txt', 'validation_failed'],
    ['a\u202e.txt', 'validation_failed'],
    ['a//b', 'validation_failed'],
    ['a/', 'validation_failed'],
    ['', 'validation_failed'],
    ['.', 'validation_failed'],
    [`${'x'.repeat(256)}.txt`, 'validation_failed'],
    // 251 bytes: the local store's metadata file (the name plus .json) would pass the file system's 255.
    ['x'.repeat(251), 'validation_failed'],
    [`${'é'.repeat(125)}x`, 'validation_failed'],
    // Lone surrogates: each would be stored as U+FFFD, so all of them would name one file.
    ['s/\ud800', 'validation_failed'],
    ['s/\udfff.txt', 'validation_failed'],
    ['\ud83d', 'validation_failed'],
    [Array.from({ length: 100 }, () => 'abcdefghij').join('/'), 'validation_failed'],
  ])('refuses %j as a file path (%s)', (path, code) => {
    expect(refusal(() => tenantKey(TENANT, path))).toBe(code);
  });

  it("refuses another tenant's prefix spelled as a path by keeping it inside the caller's", () => {
    // "tenants/user-bob/x" is just a folder named "tenants" in Alice's space.
    expect(tenantKey(TENANT, 'tenants/user-bob/x')).toBe(`${PREFIX}tenants/user-bob/x`);
  });

  it.each(['', '../x', 'a/b', 'user-bob/../user-alice', '.', '..', 'A B'])('refuses tenant %j', (tenant) => {
    expect(refusal(() => tenantPrefix(tenant))).toBe('forbidden');
  });

  it('confines every input to the tenant prefix or refuses it (property)', () => {
    const fragment = fc.constantFrom(
      '..',
      '.',
      '/',
      '\\',
      '%2e',
      '%2E',
      '%2f',
      '%5c',
      '%25',
      '%',
      '\u0000',
      '\n',
      '~',
      'C:',
      'a',
      'b.txt',
      'é',
      ' ',
      '',
    );
    const crafted = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.oneof(crafted, fc.string({ unit: 'binary', maxLength: 60 }), fc.webPath()),
        fc.boolean(),
        (path, asDirectory) => {
          let key: string;
          try {
            key = asDirectory ? tenantDirectoryPrefix(TENANT, path) : tenantKey(TENANT, path);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            return;
          }
          assertConfined(key);
          if (!asDirectory) expect(key.length).toBeGreaterThan(PREFIX.length);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('is idempotent: a normalised path normalises to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (path) => {
        let once: string;
        try {
          once = normaliseUserPath(path, { allowRoot: true, directory: true });
        } catch {
          return;
        }
        expect(normaliseUserPath(once, { allowRoot: true, directory: true })).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
