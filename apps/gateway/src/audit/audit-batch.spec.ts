import { AuditBatchWriter, AuditStore, isRecordError } from './audit-batch';
import { AuditRecord, GENESIS_HASH } from './audit-record';

function recordNumbered(seq: number, action = 'POST /mcp'): AuditRecord {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    writerId: 'spec',
    seq,
    timestamp: new Date(0).toISOString(),
    keyId: null,
    userId: null,
    action,
    resource: null,
    ipAddress: null,
    userAgent: null,
    statusCode: 200,
    latencyMs: 1,
    requestId: `r${seq}`,
    details: {},
    prevHash: GENESIS_HASH,
    hash: GENESIS_HASH,
  };
}

const tooLong = Object.assign(new Error('value too long for type character varying(100)'), { code: '22001' });
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/**
 * The table's rule for `action varchar(100)`, applied as PostgreSQL applies it: a statement with one
 * value too long fails whole. `down` makes every statement fail as a lost connection does.
 */
class TableLikeStore implements AuditStore {
  readonly rows = new Map<string, AuditRecord>();
  readonly deadLetters: { record: AuditRecord; error: string }[] = [];
  inserts = 0;
  down = false;

  async insert(records: readonly AuditRecord[]): Promise<void> {
    this.inserts += 1;
    if (this.down) throw refused;
    if (records.some((record) => record.action.length > 100)) throw tooLong;
    for (const record of records) this.rows.set(record.id, record);
  }

  async deadLetter(record: AuditRecord, error: string): Promise<void> {
    if (this.down) throw refused;
    this.deadLetters.push({ record, error });
  }
}

describe('AuditBatchWriter', () => {
  it('tells a record the table refuses from a database that is away', () => {
    expect(isRecordError(tooLong)).toBe(true);
    expect(isRecordError({ code: '23505' })).toBe(true);
    expect(isRecordError({ code: '54000' })).toBe(true);
    expect(isRecordError(refused)).toBe(false);
    expect(isRecordError({ code: '57P01' })).toBe(false);
    expect(isRecordError({ code: '42P01' })).toBe(false);
    expect(isRecordError(new Error('timeout'))).toBe(false);
  });

  it('splits a refused batch so every good record lands, and holds the bad one for another try', async () => {
    const store = new TableLikeStore();
    const batch = Array.from({ length: 16 }, (_, index) =>
      recordNumbered(index + 1, index === 5 ? 'x'.repeat(300) : 'POST /mcp'),
    );
    const outcome = await new AuditBatchWriter(store).write(batch);
    expect(outcome).toEqual({ settled: 5, written: 15, deadLettered: 0, held: 1 });
    expect([...store.rows.values()].map((record) => record.seq)).toEqual([
      1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
    ]);
    // Halves down to the one record: log2(16) levels, two statements each, after the first.
    expect(store.inserts).toBe(1 + 2 * 4);
  });

  it('dead-letters a record after its last attempt, never retrying it forever', async () => {
    const store = new TableLikeStore();
    const writer = new AuditBatchWriter(store, 3);
    const batch = [recordNumbered(1), recordNumbered(2, 'x'.repeat(300)), recordNumbered(3)];
    expect((await writer.write(batch)).settled).toBe(1);
    expect((await writer.write(batch.slice(1))).settled).toBe(0);
    const last = await writer.write(batch.slice(1));
    expect(last).toEqual({ settled: 2, written: 1, deadLettered: 1, held: 0 });
    expect(store.deadLetters).toEqual([{ record: batch[1], error: tooLong.message }]);
    expect(store.rows.has(batch[1]!.id)).toBe(false);
  });

  it('splits nothing and dead-letters nothing while the database is away', async () => {
    const store = new TableLikeStore();
    store.down = true;
    const writer = new AuditBatchWriter(store, 1);
    const outcome = await writer.write([recordNumbered(1), recordNumbered(2, 'x'.repeat(300))]);
    expect(outcome).toEqual({ settled: 0, written: 0, deadLettered: 0, held: 0, outage: refused });
    expect(store.inserts).toBe(1);
    expect(store.deadLetters).toEqual([]);
  });

  it('keeps a record spooled when its dead letter cannot be written, and commits what landed before it', async () => {
    const store = new TableLikeStore();
    const writer = new AuditBatchWriter(store, 1);
    store.deadLetter = async () => {
      throw refused;
    };
    const outcome = await writer.write([recordNumbered(1), recordNumbered(2, 'x'.repeat(300)), recordNumbered(3)]);
    expect(outcome).toEqual({ settled: 1, written: 1, deadLettered: 0, held: 0, outage: refused });
  });
});
