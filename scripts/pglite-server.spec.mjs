import { ExchangeQueue } from './pglite-server.mjs';

const READY = (status) => Uint8Array.from([0x5a, 0, 0, 0, 5, status.charCodeAt(0)]);

/**
 * A stand-in for PGlite's backend: records the messages it runs (each named by its first byte and a
 * label) and answers a Sync or a simple Query with ReadyForQuery in the transaction status it tracks.
 */
function backend() {
  const ran = [];
  let status = 'I';
  const db = {
    isInTransaction: () => status !== 'I',
    exec: async (sql) => {
      ran.push(sql);
      status = 'I';
    },
    runExclusive: (work) => work(),
    execProtocolRawStream: async (message, { onRawData }) => {
      const [type, ...label] = new TextDecoder().decode(message);
      ran.push(`${type}${label.join('')}`);
      if (label.join('').includes('BEGIN')) status = 'T';
      if (label.join('').includes('COMMIT')) status = 'I';
      onRawData(type === 'S' || type === 'Q' ? READY(status) : Uint8Array.from([0x31, 0, 0, 0, 4]));
    },
  };
  return { db, ran };
}

const message = (text) => new TextEncoder().encode(text);

describe('ExchangeQueue', () => {
  it('runs a connection’s extended-protocol exchange whole, from Parse to Sync, before another’s', async () => {
    const { db, ran } = backend();
    const queue = new ExchangeQueue(db);
    const sent = [
      queue.enqueue(1, message('P a'), () => undefined),
      queue.enqueue(2, message('P b'), () => undefined),
      queue.enqueue(1, message('B a'), () => undefined),
      queue.enqueue(2, message('B b'), () => undefined),
      queue.enqueue(1, message('S a'), () => undefined),
      queue.enqueue(2, message('S b'), () => undefined),
    ];
    await Promise.all(sent);
    expect(ran).toEqual(['P a', 'B a', 'S a', 'P b', 'B b', 'S b']);
  });

  it('keeps a transaction’s connection in turn until its COMMIT leaves the backend idle', async () => {
    const { db, ran } = backend();
    const queue = new ExchangeQueue(db);
    await queue.enqueue(1, message('Q BEGIN'), () => undefined);
    const other = queue.enqueue(2, message('Q other'), () => undefined);
    await queue.enqueue(1, message('Q insert'), () => undefined);
    await queue.enqueue(1, message('Q COMMIT'), () => undefined);
    await other;
    expect(ran).toEqual(['Q BEGIN', 'Q insert', 'Q COMMIT', 'Q other']);
  });

  it('passes the backend’s answer on, and ends a closed connection’s open transaction so others go on', async () => {
    const { db, ran } = backend();
    const queue = new ExchangeQueue(db);
    const answers = [];
    await queue.enqueue(1, message('Q BEGIN'), (data) => answers.push([...data]));
    expect(answers).toEqual([[0x5a, 0, 0, 0, 5, 0x54]]);
    const other = queue.enqueue(2, message('Q other'), () => undefined);
    expect(queue.getQueueLength()).toBe(1);
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await other;
    expect(ran).toEqual(['Q BEGIN', 'ROLLBACK', 'Q other']);
  });

  it('refuses what a closed connection still had queued', async () => {
    const { db } = backend();
    const queue = new ExchangeQueue(db);
    await queue.enqueue(1, message('P a'), () => undefined);
    const waiting = queue.enqueue(2, message('P b'), () => undefined);
    queue.clearQueueForHandler(2);
    await expect(waiting).rejects.toThrow('connection closed');
    expect(queue.getQueueLength()).toBe(0);
  });
});
