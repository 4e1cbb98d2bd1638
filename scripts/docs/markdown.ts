import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's root, from scripts/docs or from dist/scripts/docs once built: the nearest folder with a package.json. */
function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${from}`);
}

export const ROOT = repositoryRoot(__dirname);

/**
 * A generated page as `prettier --check .` wants it, formatted by the repository's own Prettier
 * and settings. Run as a separate process: Prettier 3 loads its formatters as ES modules, which
 * Jest's CommonJS runtime cannot import.
 */
export function formatMarkdown(text: string, path: string): string {
  return execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', path], {
    cwd: ROOT,
    input: text,
    encoding: 'utf8',
  });
}
