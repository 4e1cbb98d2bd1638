// Builds dist/ (the services and the web console) when it is missing or older than any source file
// (or always with --force).
import { execSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stamp = join(root, 'dist', '.build-stamp');

const CONSOLE = join('apps', 'console');

/** Files under `folder`, relative to it, without installed packages, build output or hidden folders. */
function sourceFiles(folder) {
  const files = [];
  const walk = (relative) => {
    for (const entry of readdirSync(join(folder, relative), { withFileTypes: true })) {
      const path = join(relative, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist' && !entry.name.startsWith('.')) walk(path);
      } else files.push(path);
    }
  };
  walk('');
  return files;
}

function newestSource() {
  let newest = 0;
  for (const folder of ['apps', 'libs', 'scripts']) {
    for (const file of sourceFiles(join(root, folder))) {
      // Every file of the console counts (.tsx, .css, index.html, its public/ folder); elsewhere only TypeScript.
      const inConsole = join(folder, file).startsWith(`${CONSOLE}/`);
      if (inConsole || file.endsWith('.ts')) newest = Math.max(newest, statSync(join(root, folder, file)).mtimeMs);
    }
  }
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build-console.mjs']) {
    newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(force = false) {
  // An image ships dist/ without the sources: nothing to compare, nothing to build.
  if (!existsSync(join(root, 'apps'))) return;
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) return;
  process.stdout.write('Building LangFlow Connect…\n');
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `--stamp` is the last step of `npm run build`: it records that dist/ matches the sources.
  if (process.argv.includes('--stamp')) {
    // tsc writes files without the execute bit; the `bin` entries (lfc) are run directly, e.g. via kubectl exec.
    const { bin = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const file of Object.values(bin)) chmodSync(join(root, file), 0o755);
    writeFileSync(stamp, new Date().toISOString());
  } else ensureBuilt(process.argv.includes('--force'));
}
