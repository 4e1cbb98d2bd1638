import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readVersion(): string {
  // The package.json at the repository (or image) root, found from the working directory the
  // services are started in; the environment wins so images can stamp their release.
  if (process.env.LFC_VERSION) return process.env.LFC_VERSION;
  try {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const SERVICE_VERSION = readVersion();
