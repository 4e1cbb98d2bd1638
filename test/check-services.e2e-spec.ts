import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/processes';

jest.setTimeout(60_000);

describe('npm test on a machine without PostgreSQL or Redis', () => {
  it('stops at once with one clear line per missing service, saying how to start it', () => {
    const jest = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), 'libs/contracts/src/scopes.spec.ts'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          LFC_TEST_POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/postgres',
          LFC_TEST_REDIS_URL: 'redis://127.0.0.1:1',
        },
        encoding: 'utf8',
        timeout: 50_000,
      },
    );
    const output = `${jest.stdout}${jest.stderr}`;
    expect(jest.status).not.toBe(0);
    expect(output).toMatch(
      /PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres \(.*ECONNREFUSED.*\)\. Start it .*pg_ctlcluster/,
    );
    expect(output).toMatch(
      /Redis is not reachable at redis:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)\. Start it .*redis-server/,
    );
    // Nothing ran: the check comes before any test.
    expect(output).not.toMatch(/PASS|globMatches/);
  });
});
