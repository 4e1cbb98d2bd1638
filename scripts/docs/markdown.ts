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

/** Formats each page (JSON `{ path: text }` on stdin) with the repository's Prettier settings for its path. */
const FORMAT_PAGES = `
const prettier = require(process.argv[1]);
const { join } = require('node:path');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk)).on('end', async () => {
  const formatted = {};
  for (const [path, text] of Object.entries(JSON.parse(input))) {
    const filepath = join(process.cwd(), path);
    formatted[path] = await prettier.format(text, { ...(await prettier.resolveConfig(filepath)), filepath });
  }
  process.stdout.write(JSON.stringify(formatted));
});
`;

/**
 * Generated pages as `prettier --check .` wants them, formatted by the repository's own Prettier
 * and settings, all in one process. A separate process: Prettier 3 loads its formatters as ES
 * modules, which Jest's CommonJS runtime cannot import.
 */
export function formatMarkdownPages(pages: Readonly<Record<string, string>>): Record<string, string> {
  const output = execFileSync(process.execPath, ['-e', FORMAT_PAGES, require.resolve('prettier')], {
    cwd: ROOT,
    input: JSON.stringify(pages),
    encoding: 'utf8',
  });
  return JSON.parse(output) as Record<string, string>;
}
