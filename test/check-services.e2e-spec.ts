import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/processes';
import { REDIS_URL } from './support/suite';

jest.setTimeout(120_000);

const CLOSED_POSTGRES = 'postgres://postgres@127.0.0.1:1/postgres';

/** Runs Jest on `testFile` as `npm test` would, with the given settings. */
function runJest(testFile: string, env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const { LFC_TEST_EMBEDDED_POSTGRES: _inherited, ...outer } = process.env;
  const jest = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), testFile], {
    cwd: ROOT,
    env: { ...outer, ...env },
    encoding: 'utf8',
    timeout: 110_000,
  });
  return { status: jest.status, output: `${jest.stdout}${jest.stderr}` };
}

describe('npm test on a machine without PostgreSQL or Redis', () => {
  it('stops at once without Redis, with one clear line saying how to start it', () => {
    const { status, output } = runJest('libs/contracts/src/scopes.spec.ts', {
      LFC_TEST_POSTGRES_URL: CLOSED_POSTGRES,
      LFC_TEST_REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /Redis is not reachable at redis:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)\. Start it .*redis-server/,
    );
    // Nothing ran: the check comes before any test.
    expect(output).not.toMatch(/PASS|globMatches/);
  });

  it('serves PostgreSQL from embedded PGlite when none answers, and says so in one line', () => {
    // A test that migrates, writes and reads a database of its own, with PostgreSQL pointed at a closed port.
    const { status, output } = runJest('test/audit-retention.e2e-spec.ts', {
      LFC_TEST_POSTGRES_URL: CLOSED_POSTGRES,
      LFC_TEST_REDIS_URL: REDIS_URL,
    });
    expect(output).toMatch(
      /PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres \(.*ECONNREFUSED.*\): the tests serve each database from embedded PGlite instead\. To test against PostgreSQL, start it .*pg_ctlcluster/,
    );
    expect(output).toMatch(/PASS .*test\/audit-retention\.e2e-spec\.ts/);
    expect(status).toBe(0);
  });
});
