import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditRecord, GENESIS_HASH } from './audit-record';
import { AuditSpool, writerIdFor } from './audit-spool';

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
  return Promise.all(
    records.map((record) => new Promise<Error | undefined>((resolve) => spool.append(record, resolve))),
  );
}

describe('AuditSpool group commit', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'lfc-spool-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('reports a record written only once it is in the file, with every record of the same turn', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd', 1024 * 1024);
    await spool.open();
    const linesSeenByFirstWaiter: string[] = [];
    spool.append(recordNumbered(1), () =>
      linesSeenByFirstWaiter.push(...readFileSync(spool.file, 'utf8').trim().split('\n')),
    );
    expect(readFileSync(spool.file, 'utf8')).toBe('');
    const errors = await appendAll(spool, [recordNumbered(2), recordNumbered(3)]);
    expect(errors).toEqual([undefined, undefined]);
    expect(linesSeenByFirstWaiter.map((line) => (JSON.parse(line) as AuditRecord).seq)).toEqual([1, 2, 3]);
    spool.close();
  });

  it('keeps the order of turns and reads every record back', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd', 1024 * 1024);
    await spool.open();
    await appendAll(spool, [1, 2].map(recordNumbered));
    await appendAll(spool, [3, 4, 5].map(recordNumbered));
    const batch = await spool.read(spool.file, 100);
    expect(batch.records.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
    spool.close();
  });

  it('gives every waiter of a failed write the error', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd', 1024 * 1024);
    const errors = await appendAll(spool, [1, 2].map(recordNumbered));
    expect(errors.map((error) => error?.message)).toEqual(['audit spool is not open', 'audit spool is not open']);
  });

  it('writes what is pending before it closes', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd', 1024 * 1024);
    await spool.open();
    let written = false;
    spool.append(recordNumbered(1), (error) => (written = error === undefined));
    spool.close();
    expect(written).toBe(true);
    expect(readFileSync(spool.file, 'utf8')).toContain('"seq":1');
  });

  it('reads where each record ends, so a batch can be committed up to any record', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd', 1024 * 1024);
    await spool.open();
    await appendAll(spool, [1, 2, 3].map(recordNumbered));
    const batch = await spool.read(spool.file, 100);
    await spool.commit(spool.file, batch.ends[0]!);
    expect((await spool.read(spool.file, 100)).records.map((record) => record.seq)).toEqual([2, 3]);
    expect(batch.ends[2]).toBe(batch.endOffset);
    spool.close();
  });
});

describe('AuditSpool size bound', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'lfc-spool-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const lineBytes = Buffer.byteLength(`${JSON.stringify(recordNumbered(1))}\n`);

  it('is full once its files reach the bound, counting what this turn has yet to write', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd', lineBytes * 3);
    await spool.open();
    await appendAll(spool, [1, 2].map(recordNumbered));
    expect(spool.sizeBytes).toBe(lineBytes * 2);
    expect(spool.full).toBe(false);
    const third = appendAll(spool, [recordNumbered(3)]);
    expect(spool.full).toBe(true);
    await third;
    expect(await spool.measure()).toBe(lineBytes * 3);
    spool.close();
  });

  it('counts the files of writers that are gone, and has room again once they are written and removed', async () => {
    const gone = new AuditSpool(directory, 'elsewhere-1-abcd', 1024 * 1024);
    await gone.open();
    await appendAll(gone, [1, 2, 3].map(recordNumbered));
    gone.close();

    const spool = new AuditSpool(directory, 'host-1-abcd', lineBytes * 3);
    await spool.open();
    expect(spool.full).toBe(true);
    const [file] = (await spool.files()).filter((name) => name !== spool.file);
    const batch = await spool.read(file!, 100);
    await spool.commit(file!, batch.endOffset);
    await spool.retireIfDone(file!);
    expect(spool.sizeBytes).toBe(0);
    expect(spool.full).toBe(false);
    spool.close();
  });

  it('rotates a written file at a quarter of a small bound, so a full spool empties once written', async () => {
    const spool = new AuditSpool(directory, 'host-1-abcd', lineBytes * 4);
    await spool.open();
    await appendAll(spool, [1, 2, 3, 4].map(recordNumbered));
    expect(spool.full).toBe(true);
    const first = spool.file;
    const batch = await spool.read(first, 100);
    await spool.commit(first, batch.endOffset);
    await spool.rotateIfDone();
    expect(spool.file).not.toBe(first);
    expect(spool.full).toBe(false);
    spool.close();
  });

  it('names writers so the id fits writer_id varchar(64) whatever the host name', () => {
    expect(writerIdFor(4_194_304, 'ffffffff').length).toBeLessThanOrEqual(64);
    expect(writerIdFor(12, 'abcd0123')).toMatch(/-12-abcd0123$/);
  });
});
