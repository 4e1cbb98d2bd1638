import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditRecord, GENESIS_HASH } from './audit-record';
import { AuditSpool } from './audit-spool';

function recordNumbered(seq: number): AuditRecord {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    writerId: 'spec',
    seq,
    timestamp: new Date(0).toISOString(),
    keyId: null,
    userId: null,
    action: 'POST /mcp',
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

function appendAll(spool: AuditSpool, records: AuditRecord[]): Promise<(Error | undefined)[]> {
  return Promise.all(records.map((record) => new Promise<Error | undefined>((resolve) => spool.append(record, resolve))));
}

describe('AuditSpool group commit', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'lfc-spool-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('reports a record written only once it is in the file, with every record of the same turn', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd');
    await spool.open();
    const linesSeenByFirstWaiter: string[] = [];
    spool.append(recordNumbered(1), () => linesSeenByFirstWaiter.push(...readFileSync(spool.file, 'utf8').trim().split('\n')));
    expect(readFileSync(spool.file, 'utf8')).toBe('');
    const errors = await appendAll(spool, [recordNumbered(2), recordNumbered(3)]);
    expect(errors).toEqual([undefined, undefined]);
    expect(linesSeenByFirstWaiter.map((line) => (JSON.parse(line) as AuditRecord).seq)).toEqual([1, 2, 3]);
    spool.close();
  });

  it('keeps the order of turns and reads every record back', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd');
    await spool.open();
    await appendAll(spool, [1, 2].map(recordNumbered));
    await appendAll(spool, [3, 4, 5].map(recordNumbered));
    const batch = await spool.read(spool.file, 100);
    expect(batch.records.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
    spool.close();
  });

  it('gives every waiter of a failed write the error', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd');
    const errors = await appendAll(spool, [1, 2].map(recordNumbered));
    expect(errors.map((error) => error?.message)).toEqual(['audit spool is not open', 'audit spool is not open']);
  });

  it('writes what is pending before it closes', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd');
    await spool.open();
    let written = false;
    spool.append(recordNumbered(1), (error) => (written = error === undefined));
    spool.close();
    expect(written).toBe(true);
    expect(readFileSync(spool.file, 'utf8')).toContain('"seq":1');
  });
});
