import { DomainError } from '@lfc/common';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleFiles } from './console-files';

describe('ConsoleFiles', () => {
  let place: string;
  let folder: string;
  let files: ConsoleFiles;

  beforeEach(() => {
    place = realpathSync(mkdtempSync(join(tmpdir(), 'lfc-console-')));
    folder = join(place, 'console');
    mkdirSync(join(folder, 'assets'), { recursive: true });
    writeFileSync(join(folder, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(folder, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(join(folder, 'favicon.svg'), '<svg/>');
    writeFileSync(join(place, 'secret.txt'), 'outside the console');
    files = new ConsoleFiles(folder);
  });

  afterEach(() => rmSync(place, { recursive: true, force: true }));

  const refusal = async (url: string) => {
    const error = await files.locate(url).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };

  it('serves a hashed asset as immutable and other files revalidated', async () => {
    await expect(files.locate('/console/assets/app-abc123.js')).resolves.toEqual({
      root: folder,
      relativePath: 'assets/app-abc123.js',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    await expect(files.locate('/console/favicon.svg')).resolves.toMatchObject({
      relativePath: 'favicon.svg',
      cacheControl: 'no-cache',
    });
  });

  it('answers the entry and every route of the app with index.html, revalidated', async () => {
    for (const url of ['/console', '/console/', '/console/setup', '/console/keys/abc', '/console/keys/']) {
      await expect(files.locate(url)).resolves.toEqual({
        root: folder,
        relativePath: 'index.html',
        cacheControl: 'no-cache',
      });
    }
  });

  it('answers 404 for a missing asset or file, never the page in its place', async () => {
    for (const url of ['/console/assets/gone-123.js', '/console/robots.txt', '/console/assets']) {
      const error = await refusal(url);
      expect([error.status, error.message]).toEqual([404, 'The console has no such file']);
    }
  });

  it('answers 404 for traversal and hidden files, without looking', async () => {
    writeFileSync(join(folder, '.env'), 'SECRET=1');
    for (const url of [
      '/console/../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/..%2fsecret.txt',
      '/console/.env',
    ]) {
      expect((await refusal(url)).status).toBe(404);
    }
  });

  it('never follows a link out of the folder', async () => {
    symlinkSync(join(place, 'secret.txt'), join(folder, 'linked.txt'));
    symlinkSync(place, join(folder, 'assets', 'up'));
    expect((await refusal('/console/linked.txt')).status).toBe(404);
    expect((await refusal('/console/assets/up/secret.txt')).status).toBe(404);
  });

  it('says the console is not built when the folder has no index.html, or does not exist', async () => {
    rmSync(join(folder, 'index.html'));
    expect(await files.built()).toBe(false);
    const error = await refusal('/console/assets/app-abc123.js');
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/not built: run `npm run build`/);
    const nowhere = new ConsoleFiles(join(place, 'missing'));
    expect(await nowhere.built()).toBe(false);
    await expect(nowhere.locate('/console/')).rejects.toThrow(/not built/);
  });
});
