import { errorMessage } from '@lfc/common';
import { AuditRecord } from './audit-record';

/** Where batches of records go; `deadLetter` keeps a record the table would not take. */
export interface AuditStore {
  insert(records: readonly AuditRecord[]): Promise<void>;
  deadLetter(record: AuditRecord, error: string): Promise<void>;
}

/** Times one record is tried on its own (one try per flush) before it is dead-lettered. */
export const MAX_RECORD_ATTEMPTS = 3;

/**
 * Whether the error is about the values sent rather than the database: SQLSTATE classes 22 (data
 * exception: too long, bad `inet`, bad encoding), 23 (constraint violation) and 54 (program limit
 * exceeded). Any other failure (no connection, shutdown, missing table, no privilege) fails every
 * record alike, so records stay spooled and are retried as during any outage.
 */
export function isRecordError(error: unknown): boolean {
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

export interface BatchOutcome {
  /** Records from the start of the batch that are settled (in the table or dead-lettered): the spool may commit past them. */
  settled: number;
  written: number;
  deadLettered: number;
  /** Records that failed on their own and wait for another try. */
  held: number;
  /** Set when the database failed as a whole: everything not settled stays spooled. */
  outage?: unknown;
}

type Status = 'written' | 'dead' | 'held';

/** Unwinds the split at once: the database is away, nothing more can be settled now. */
class DatabaseFailure extends Error {
  constructor(readonly failure: unknown) {
    super('audit database unavailable');
  }
}

/**
 * Writes a batch so that one record cannot stop the others: a batch the database refuses because
 * of its values is split in halves, recursively, until the records it refuses are alone. Such a
 * record is tried again at the next flushes, `maxAttempts` times in all, then dead-lettered (kept
 * whole, with its seq and hash, beside the table: ADR 006). A batch written twice is harmless:
 * records are inserted idempotently by id.
 */
export class AuditBatchWriter {
  /** Failed tries per record id, for records still held; a process restart starts them over (still bounded). */
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly store: AuditStore,
    private readonly maxAttempts = MAX_RECORD_ATTEMPTS,
  ) {}

  async write(records: readonly AuditRecord[]): Promise<BatchOutcome> {
    const statuses: (Status | undefined)[] = new Array<Status | undefined>(records.length);
    let outage: unknown;
    try {
      await this.settle(records, statuses, 0, records.length);
    } catch (error) {
      if (!(error instanceof DatabaseFailure)) throw error;
      outage = error.failure;
    }
    const unsettled = statuses.findIndex((status) => status === undefined || status === 'held');
    return {
      settled: unsettled < 0 ? records.length : unsettled,
      written: statuses.filter((status) => status === 'written').length,
      deadLettered: statuses.filter((status) => status === 'dead').length,
      held: statuses.filter((status) => status === 'held').length,
      ...(outage === undefined ? {} : { outage }),
    };
  }

  private async settle(
    records: readonly AuditRecord[],
    statuses: (Status | undefined)[],
    from: number,
    to: number,
  ): Promise<void> {
    const slice = records.slice(from, to);
    try {
      await this.store.insert(slice);
      slice.forEach((record, offset) => {
        statuses[from + offset] = 'written';
        this.attempts.delete(record.id);
      });
      return;
    } catch (error) {
      if (!isRecordError(error)) throw new DatabaseFailure(error);
      if (slice.length > 1) {
        const middle = from + Math.ceil(slice.length / 2);
        await this.settle(records, statuses, from, middle);
        await this.settle(records, statuses, middle, to);
        return;
      }
      const [record] = slice;
      if (!record) return;
      const attempts = (this.attempts.get(record.id) ?? 0) + 1;
      if (attempts < this.maxAttempts) {
        this.attempts.set(record.id, attempts);
        statuses[from] = 'held';
        return;
      }
      try {
        await this.store.deadLetter(record, errorMessage(error));
      } catch (failure) {
        throw new DatabaseFailure(failure);
      }
      this.attempts.delete(record.id);
      statuses[from] = 'dead';
    }
  }
}
