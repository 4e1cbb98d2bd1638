// An in-memory PGlite behind its PostgreSQL wire-protocol server, as `npm start` runs it. Started as
// a child process by tests (PGlite loads parts of itself with dynamic import(), which Jest's module
// sandbox does not support). Prints `listening <port>` and runs until SIGTERM.
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from '../../scripts/pglite-server.mjs';

const db = await PGlite.create();
// As many connections as `npm start` takes: a whole suite's pools (auth and cost accounting 10 each,
// each gateway 5 plus its audit writer's 2) connect to one test database.
const server = await servePglite(db, { host: '127.0.0.1', port: 0, maxConnections: 64 });
process.stdout.write(`listening ${server.port}\n`);
process.on('SIGTERM', async () => {
  await server.stop();
  await db.close();
  process.exit(0);
});
