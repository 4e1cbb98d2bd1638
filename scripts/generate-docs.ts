/**
 * Writes the generated reference pages (`npm run docs:generate`): docs/reference/tools.md from the
 * executor's tool definitions and docs/reference/errors.md from the error table. `npm test` fails
 * when a committed page differs from what this writes (scripts/docs/reference-pages.spec.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ROOT } from './docs/markdown';
import { referencePages } from './docs/reference-pages';
import { loadDocumentedCatalog } from './docs/tool-catalog';

async function main(): Promise<void> {
  for (const [path, text] of Object.entries(referencePages(await loadDocumentedCatalog()))) {
    await mkdir(dirname(join(ROOT, path)), { recursive: true });
    await writeFile(join(ROOT, path), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `docs:generate failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
