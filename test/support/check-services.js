// Jest global setup: the suite needs the machine's PostgreSQL and Redis. Without them every e2e test
// would fail on its own with ECONNREFUSED; this says once, within seconds, what is missing and how
// to start it.
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
  const [postgres, redis] = await Promise.all([postgresProblem(), redisProblem()]);
  const missing = [];
  if (postgres) {
    missing.push(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (${postgres}). Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set LFC_TEST_POSTGRES_URL to a server where this user may create databases.`,
    );
  }
  if (redis) {
    missing.push(
      `Redis is not reachable at ${REDIS_URL} (${redis}). Start it (redis-server --daemonize yes --port 6379 --save "" --appendonly no) or set LFC_TEST_REDIS_URL.`,
    );
  }
  if (missing.length > 0) throw new Error(`npm test needs a running PostgreSQL and Redis:\n  ${missing.join('\n  ')}`);
};
