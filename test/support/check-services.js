// Jest global setup: the suite needs the machine's PostgreSQL and Redis. Without PostgreSQL the tests
// serve each test database from PGlite (test/support/embedded-postgres.ts), as `npm start` does, and
// say so in one line. Redis has no embedded stand-in that processes can share, so without it this
// stops the run at once with one line saying how to start it, instead of every e2e test failing on
// its own with ECONNREFUSED.
const net = require('node:net');
const { Client } = require('pg');

const POSTGRES_URL = process.env.LFC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.LFC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT_MS = 3000;

async function postgresProblem() {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redisProblem() {
  const url = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (problem) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(TIMEOUT_MS, () => done(`no answer within ${TIMEOUT_MS} ms`));
    socket.on('error', (error) => done(error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) =>
      done(
        /^\+PONG|^-NOAUTH/.test(data.toString())
          ? null
          : `unexpected answer ${JSON.stringify(data.toString().slice(0, 40))}`,
      ),
    );
  });
}

module.exports = async function checkServices() {
  const embedded = process.env.LFC_TEST_EMBEDDED_POSTGRES === '1';
  const [postgres, redis] = await Promise.all([embedded ? null : postgresProblem(), redisProblem()]);
  if (redis) {
    throw new Error(
      `npm test needs a running Redis. Redis is not reachable at ${REDIS_URL} (${redis}). Start it (redis-server --daemonize yes --port 6379 --save "" --appendonly no) or set LFC_TEST_REDIS_URL.`,
    );
  }
  if (postgres) {
    // Test workers start after the global setup and inherit its environment.
    process.env.LFC_TEST_EMBEDDED_POSTGRES = '1';
    process.stdout.write(
      `\nPostgreSQL is not reachable at ${POSTGRES_URL} (${postgres}): the tests serve each database from embedded PGlite instead. To test against PostgreSQL, start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set LFC_TEST_POSTGRES_URL to a server where this user may create databases.\n`,
    );
  }
};
