// The embedded PostgreSQL of `npm start`: PGlite (one single-user backend) served over the wire
// protocol to every service's connection pool, with pglite-socket's connection handler.
import { createServer } from 'node:net';

/** A ReadyForQuery message saying the backend is idle, outside any transaction: `Z`, length 5, `I`. */
const READY_AND_IDLE = [0x5a, 0, 0, 0, 5, 0x49];

/**
 * Runs the connections' protocol messages on the one PGlite backend, a whole exchange at a time.
 *
 * pglite-socket's own queue takes turns per message, and keeps a connection's turn only inside an
 * explicit transaction. Between the Parse and the Sync of an extended-protocol query there is none,
 * so another connection's Parse, Bind or Sync could run in between: it replaced the unnamed statement
 * or closed the unnamed portal of the first ("portal "" does not exist" under concurrent writes), or
 * worse, bound the first connection's parameters to the other's statement. Here a connection keeps
 * the backend from its first message until the backend says it is idle again (ReadyForQuery `I`):
 * after a Sync or a simple Query outside a transaction, and after the COMMIT of one.
 *
 * The shape is pglite-socket's queue manager's, which its `PGLiteSocketHandler` takes as an option.
 */
export class ExchangeQueue {
  #db;
  #waiting = [];
  /** The connection whose exchange is under way, if any: only its messages run until it ends. */
  #holder = null;
  #draining = false;

  constructor(db) {
    this.#db = db;
  }

  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ handlerId, message, onData, resolve, reject });
      void this.#drain();
    });
  }

  getQueueLength() {
    return this.#waiting.length;
  }

  /** A connection that went away: what it still had queued is dropped. */
  clearQueueForHandler(handlerId) {
    this.#waiting = this.#waiting.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('connection closed'));
      return false;
    });
  }

  /** …and an exchange it left open is ended (rolled back), so the others get their turn. */
  async clearTransactionIfNeeded(handlerId) {
    if (this.#holder !== handlerId) return;
    if (this.#db.isInTransaction()) await this.#db.exec('ROLLBACK');
    this.#holder = null;
    void this.#drain();
  }

  async #drain() {
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (;;) {
        const index = this.#holder === null ? 0 : this.#waiting.findIndex((item) => item.handlerId === this.#holder);
        if (index === -1 || this.#waiting.length === 0) return;
        const [item] = this.#waiting.splice(index, 1);
        this.#holder = item.handlerId;
        let sent = 0;
        let tail = [];
        try {
          await this.#db.runExclusive(() =>
            this.#db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                sent += data.length;
                tail = [...tail, ...data.subarray(-READY_AND_IDLE.length)].slice(-READY_AND_IDLE.length);
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          // The connection's handler closes it, which ends its exchange (clearTransactionIfNeeded).
          item.reject(error);
          continue;
        }
        if (READY_AND_IDLE.every((byte, position) => tail[position] === byte)) this.#holder = null;
        item.resolve(sent);
      }
    } finally {
      this.#draining = false;
    }
  }
}

/**
 * Serves `db` on host:port (0 for any free port) with one pglite-socket handler per connection and
 * one ExchangeQueue for all of them. Resolves to the port and a stop function.
 */
export async function servePglite(db, { host, port, maxConnections }) {
  const { PGLiteSocketHandler } = await import('@electric-sql/pglite-socket');
  await db.waitReady;
  const queue = new ExchangeQueue(db);
  const handlers = new Set();
  const server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', () => handlers.delete(handler));
    handler.attach(socket).catch(() => {
      handlers.delete(handler);
      socket.destroy();
    });
  });
  server.maxConnections = maxConnections;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: server.address().port,
    stop: async () => {
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
