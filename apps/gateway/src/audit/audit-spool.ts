import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AUDIT_LIMITS, AuditRecord } from './audit-record';

const SPOOL_SUFFIX = '.audit.jsonl';
const OFFSET_SUFFIX = '.offset';
const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/** A fully written file of this size is replaced by a fresh one, so spools never grow without bound. */
const ROTATE_AT_BYTES = 64 * 1024 * 1024;
/** `-<pid>-<8 hex>` after the host name; the host is cut so the id fits `writer_id varchar(64)`. */
const WRITER_SUFFIX_CHARS = 20;

function hostPart(): string {
  return hostname().slice(0, AUDIT_LIMITS.writerId - WRITER_SUFFIX_CHARS);
}

/** `host-pid-random`: unique per process, and short enough for its column whatever the host name. */
export function writerIdFor(pid: number, random: string): string {
  return `${hostPart()}-${pid}-${random}`;
}

/** Writer ids are `host-pid-random`; a writer is alive if it is this host's running process. */
function writerAlive(file: string): boolean {
  const match = /([^/]+)-(\d+)-[0-9a-f]+\.\d+\.audit\.jsonl$/.exec(file);
  if (!match || match[1] !== hostPart()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return true;
  } catch {
    return false;
  }
}

async function sizeOf(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.size ?? 0;
}

export interface SpoolBatch {
  file: string;
  records: AuditRecord[];
  /** Byte offset just past each record's line, so a batch can be committed up to any record. */
  ends: number[];
  /** Byte offset just past the last complete line read. */
  endOffset: number;
}

/**
 * Records are appended to a local file before the response leaves, so a request that was answered
 * has its record on disk even if the process is killed a moment later. Each writer process has its
 * own file; a checkpoint beside it says how far the database has the records. Files of earlier
 * processes are replayed and removed once fully written.
 *
 * The files together never grow much past `maxBytes` (one event-loop turn of records at most):
 * once they reach it, `full` is true and the writer takes no more records until the database has
 * caught up and the written files are removed.
 */
export class AuditSpool {
  private fd: number | undefined;
  private segment = 0;
  /** Lines appended in this event-loop turn, written together (group commit). */
  private lines: string[] = [];
  private linesBytes = 0;
  private waiters: ((error?: Error) => void)[] = [];
  private writeScheduled = false;
  /** Bytes in the spool files this process reads (its own and those of writers that are gone). */
  private filesBytes = 0;
  private readonly rotateAtBytes: number;
  file: string;

  constructor(
    private readonly directory: string,
    private readonly writerId: string,
    readonly maxBytes: number,
  ) {
    this.file = this.segmentFile();
    // A small bound must still leave room to rotate a fully written file away.
    this.rotateAtBytes = Math.min(ROTATE_AT_BYTES, Math.floor(maxBytes / 4));
  }

  async open(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    this.fd = openSync(this.file, 'a', 0o600);
    await this.measure();
  }

  /** The spool's size on disk plus what this turn has yet to write. */
  get sizeBytes(): number {
    return this.filesBytes + this.linesBytes;
  }

  get full(): boolean {
    return this.sizeBytes >= this.maxBytes;
  }

  /** Re-reads the files' sizes, the truth that the running count follows between two calls. */
  async measure(): Promise<number> {
    let total = 0;
    for (const file of await this.files()) total += await sizeOf(file);
    this.filesBytes = total;
    return total;
  }

  /** Starts a new segment once the current one is large and fully in the database. */
  async rotateIfDone(): Promise<void> {
    if (this.fd === undefined) return;
    const size = await sizeOf(this.file);
    if (size < this.rotateAtBytes || (await this.backlogBytes(this.file)) > 0) return;
    const previous = this.file;
    const fd = this.fd;
    this.segment += 1;
    this.file = this.segmentFile();
    this.fd = openSync(this.file, 'a', 0o600);
    closeSync(fd);
    await rm(previous, { force: true });
    await rm(`${previous}${OFFSET_SUFFIX}`, { force: true });
    this.filesBytes = Math.max(0, this.filesBytes - size);
  }

  private segmentFile(): string {
    return join(this.directory, `${this.writerId}.${String(this.segment).padStart(6, '0')}${SPOOL_SUFFIX}`);
  }

  /**
   * Group commit: records appended during one event-loop turn reach the kernel in one `write`, and
   * each `written` callback runs after it (with the error if it failed), so a caller that waits for
   * it knows its record is on disk. One system call per turn instead of one per request.
   */
  append(record: AuditRecord, written: (error?: Error) => void): void {
    const line = `${JSON.stringify(record)}\n`;
    this.lines.push(line);
    this.linesBytes += Buffer.byteLength(line);
    this.waiters.push(written);
    if (this.writeScheduled) return;
    this.writeScheduled = true;
    setImmediate(() => this.writePending());
  }

  private writePending(): void {
    this.writeScheduled = false;
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    const waiters = this.waiters;
    const bytes = this.linesBytes;
    this.lines = [];
    this.linesBytes = 0;
    this.waiters = [];
    let failure: Error | undefined;
    try {
      if (this.fd === undefined) throw new Error('audit spool is not open');
      writeSync(this.fd, text);
      this.filesBytes += bytes;
    } catch (error) {
      failure = error as Error;
    }
    for (const written of waiters) written(failure);
  }

  close(): void {
    this.writePending();
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * This writer's file and those of writers that are gone. A file of another live process on this
   * host (a misconfigured shared directory) is left alone: it is still being appended to.
   */
  async files(): Promise<string[]> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    return names
      .filter((name) => name.endsWith(SPOOL_SUFFIX))
      .map((name) => join(this.directory, name))
      .filter((file) => file === this.file || !writerAlive(file));
  }

  async read(file: string, maxRecords: number): Promise<SpoolBatch> {
    const start = await this.offsetOf(file);
    const handle = await open(file, 'r');
    let content: Buffer;
    try {
      // Only what is there to read: a flush runs several times a second, and a fresh 4 MiB buffer
      // each time kept the garbage collector busy under load.
      const length = Math.min(READ_CHUNK_BYTES, Math.max(0, (await handle.stat()).size - start));
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      content = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    const records: AuditRecord[] = [];
    const ends: number[] = [];
    let position = 0;
    while (records.length < maxRecords) {
      const newline = content.indexOf(0x0a, position);
      if (newline < 0) break;
      const line = content.subarray(position, newline).toString('utf8');
      position = newline + 1;
      if (line.trim().length === 0) continue;
      try {
        records.push(JSON.parse(line) as AuditRecord);
        ends.push(start + position);
      } catch {
        // A torn line can only be the last one of a killed writer; nothing after it was written.
        break;
      }
    }
    return { file, records, ends, endOffset: start + position };
  }

  async commit(file: string, offset: number): Promise<void> {
    const temp = `${file}${OFFSET_SUFFIX}.tmp`;
    await writeFile(temp, String(offset));
    await rename(temp, `${file}${OFFSET_SUFFIX}`);
  }

  /** Size of records not yet in the database, in bytes. */
  async backlogBytes(file: string): Promise<number> {
    return (await sizeOf(file)) - (await this.offsetOf(file));
  }

  /** Removes an earlier writer's (or segment's) file once everything in it is in the database. */
  async retireIfDone(file: string): Promise<void> {
    if (file === this.file) return;
    if ((await this.backlogBytes(file)) > 0) return;
    const size = await sizeOf(file);
    await rm(file, { force: true });
    await rm(`${file}${OFFSET_SUFFIX}`, { force: true });
    this.filesBytes = Math.max(0, this.filesBytes - size);
  }

  private async offsetOf(file: string): Promise<number> {
    const text = await readFile(`${file}${OFFSET_SUFFIX}`, 'utf8').catch(() => '0');
    const offset = Number(text);
    return Number.isSafeInteger(offset) && offset >= 0 ? offset : 0;
  }
}
