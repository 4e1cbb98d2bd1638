// Step of `npm run build` after the TypeScript build: the web console (apps/console) into dist/console
// with Vite's JavaScript API, where the gateway serves it from (/console). A checkout without the
// console builds the services alone, and /console answers 404 saying the console is not built.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** What `precompress` writes copies of: text files of at least MIN_BYTES. */
const TEXT = new Set(['.js', '.css', '.html', '.svg', '.json']);
// Smaller files gain less than the header that says they are compressed.
const MIN_BYTES = 1024;

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const consoleRoot = join(root, 'apps', 'console');
const configFile = join(consoleRoot, 'vite.config.ts');

if (!existsSync(configFile)) {
  process.stdout.write('No web console to build (apps/console/vite.config.ts is absent).\n');
} else {
  const { build } = await import('vite');
  await build({
    root: consoleRoot,
    configFile,
    logLevel: 'warn',
    // The gateway serves exactly this folder under exactly this path, whatever the config says.
    base: '/console/',
    build: { outDir: join(root, 'dist', 'console'), emptyOutDir: true },
  });
  precompress(join(root, 'dist', 'console'));
}

/**
 * A Brotli (`.br`) and a gzip (`.gz`) copy beside each text file the gateway serves, made once here
 * at the highest levels rather than per request: the gateway sends the one a browser accepts.
 */
function precompress(folder) {
  // Walked by hand: `Dirent#parentPath` of a recursive listing needs Node 20.12, and we support 20.11.
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const file = join(folder, entry.name);
    if (entry.isDirectory()) precompress(file);
    if (!entry.isFile() || !TEXT.has(extname(entry.name))) continue;
    const content = readFileSync(file);
    if (content.length < MIN_BYTES) continue;
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(content, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
      }),
    );
    writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  }
}
