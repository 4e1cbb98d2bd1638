// Step of `npm run build` after the TypeScript build: the web console (apps/console) into dist/console
// with Vite's JavaScript API, where the gateway serves it from (/console). A checkout without the
// console builds the services alone, and /console answers 404 saying the console is not built.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
}
