// ESM and CommonJS builds, each with its own declarations, by plain tsc (no bundler to install):
//   node scripts/build.mjs [outDir]      outDir defaults to the package's dist/
// dist/cjs gets a package.json of its own so Node reads its .js files as CommonJS inside a
// "type": "module" package.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'dist'));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync(out, { recursive: true, force: true });
for (const format of ['esm', 'cjs']) {
  const project = join(root, `tsconfig.${format}.json`);
  execFileSync(process.execPath, [tsc, '-p', project, '--outDir', join(out, format)], { stdio: 'inherit' });
}
writeFileSync(join(out, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
