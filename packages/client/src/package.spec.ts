import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const manifest = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('package.json', () => {
  // The package is built and tested with the root's install (it is not an npm workspace), so the
  // version it promises its users must be the one the root's lockfile installs.
  it('depends on the openapi-fetch that the repository installs and tests with', () => {
    const client = manifest(join(__dirname, '..', 'package.json'));
    const root = manifest(join(__dirname, '..', '..', '..', 'package.json'));
    const locked = manifest(join(__dirname, '..', '..', '..', 'package-lock.json'));
    expect(client.dependencies).toEqual({ 'openapi-fetch': root.devDependencies['openapi-fetch'] });
    expect(locked.packages['node_modules/openapi-fetch'].version).toBe(client.dependencies['openapi-fetch']);
  });
});
