import { createHash } from 'node:crypto';

/**
 * Tamper evidence for audit trails: every record carries the SHA-256 of its predecessor's hash
 * plus its own fields, so editing, deleting or reordering a stored row breaks the chain from that
 * row on. The chain has no secret: someone who can write the table and recomputes every later hash
 * goes unnoticed unless the head (`seq`, `hash`) was kept somewhere else.
 */

/** The `prevHash` of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The value as JSON would carry it, with object keys sorted: jsonb hands keys back in its own
 * order, and a hash must not depend on that. Values with `toJSON` (a `Date`) become what
 * `JSON.stringify` writes for them.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const { toJSON } = value as { toJSON?: unknown };
    if (typeof toJSON === 'function') return canonical((toJSON as () => unknown).call(value));
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The hash of one record: SHA-256 over the previous record's hash followed by the JSON array of
 * the record's fields. The caller fixes the order of the fields; objects among them are hashed in
 * canonical form.
 */
export function hashChainLink(prevHash: string, fields: readonly unknown[]): string {
  return createHash('sha256')
    .update(prevHash)
    .update(JSON.stringify(canonical(fields)))
    .digest('hex');
}

export type ChainBreakReason = 'missing record' | 'link to previous record broken' | 'record altered';

export interface ChainBreak {
  seq: number;
  /** Absent for a missing record. */
  id?: string;
  reason: ChainBreakReason;
}

export interface ChainVerification {
  ok: boolean;
  /** Records that held before the first break (all of them when `ok`). */
  checked: number;
  firstBreak: ChainBreak | null;
}

/** What the verifier needs of a record; `hashOf` recomputes its hash from its other fields. */
export interface ChainLink {
  id?: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * What the range is known to hold. Without it the first record is taken as it is and only the
 * records between the first and the last are checked.
 */
export interface ChainExpectation {
  /** The first record must have this seq (earlier ones were deleted otherwise). */
  fromSeq?: number;
  /** Records up to this seq exist, so a range that ends before it lost its tail. */
  toSeq?: number;
  /** The first record must link to this hash: `GENESIS_HASH` at seq 1, else the predecessor's hash. */
  anchorHash?: string;
}

/**
 * Walks records in ascending `seq` and reports the first one that does not hold: a gap in `seq`
 * (`missing record`, reported at the first missing seq), a `prevHash` other than the previous
 * record's hash (`link to previous record broken`), or a hash that its fields no longer give
 * (`record altered`).
 */
export function verifyChain<R extends ChainLink>(
  records: Iterable<R>,
  hashOf: (record: R) => string,
  expected: ChainExpectation = {},
): ChainVerification {
  let nextSeq = expected.fromSeq;
  let linkTo = expected.anchorHash;
  let checked = 0;
  const broken = (firstBreak: ChainBreak): ChainVerification => ({ ok: false, checked, firstBreak });
  for (const record of records) {
    if (nextSeq !== undefined && record.seq !== nextSeq) return broken({ seq: nextSeq, reason: 'missing record' });
    if (linkTo !== undefined && record.prevHash !== linkTo) {
      return broken({ seq: record.seq, ...idOf(record), reason: 'link to previous record broken' });
    }
    if (hashOf(record) !== record.hash) return broken({ seq: record.seq, ...idOf(record), reason: 'record altered' });
    checked += 1;
    nextSeq = record.seq + 1;
    linkTo = record.hash;
  }
  if (expected.toSeq !== undefined && nextSeq !== undefined && nextSeq <= expected.toSeq) {
    return broken({ seq: nextSeq, reason: 'missing record' });
  }
  return { ok: true, checked, firstBreak: null };
}

function idOf(record: ChainLink): { id?: string } {
  return record.id === undefined ? {} : { id: record.id };
}
