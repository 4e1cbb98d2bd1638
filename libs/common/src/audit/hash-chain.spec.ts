import { createHash } from 'node:crypto';
import { ChainLink, GENESIS_HASH, canonical, hashChainLink, verifyChain } from './hash-chain';

interface Entry extends ChainLink {
  id: string;
  text: string;
}

const hashOf = (entry: Entry) => hashChainLink(entry.prevHash, [entry.id, entry.seq, entry.text]);

/** A valid chain of `count` entries starting at seq 1. */
function chain(count: number): Entry[] {
  const entries: Entry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const entry: Entry = { id: `id-${seq}`, seq, text: `entry ${seq}`, prevHash, hash: '' };
    entry.hash = hashOf(entry);
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

describe('canonical', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(JSON.stringify(canonical({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }))).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('renders a Date as JSON does instead of as an empty object', () => {
    expect(canonical({ at: new Date('2025-01-02T03:04:05.678Z') })).toEqual({ at: '2025-01-02T03:04:05.678Z' });
  });
});

describe('hashChainLink', () => {
  it('is SHA-256 over the previous hash followed by the JSON array of the fields', () => {
    const expected = createHash('sha256').update(GENESIS_HASH).update('["a",1,null,{"x":1,"y":2}]').digest('hex');
    expect(hashChainLink(GENESIS_HASH, ['a', 1, null, { y: 2, x: 1 }])).toBe(expected);
  });

  it('does not depend on the key order of objects among the fields', () => {
    expect(hashChainLink(GENESIS_HASH, [{ a: 1, b: [1, 2] }])).toBe(hashChainLink(GENESIS_HASH, [{ b: [1, 2], a: 1 }]));
  });

  it('changes with the previous hash, with any field and with the order of the fields', () => {
    const base = hashChainLink(GENESIS_HASH, ['a', 'b']);
    expect(hashChainLink('1'.repeat(64), ['a', 'b'])).not.toBe(base);
    expect(hashChainLink(GENESIS_HASH, ['a', 'c'])).not.toBe(base);
    expect(hashChainLink(GENESIS_HASH, ['b', 'a'])).not.toBe(base);
    // null and the string "null" are different values.
    expect(hashChainLink(GENESIS_HASH, [null])).not.toBe(hashChainLink(GENESIS_HASH, ['null']));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and counts every record', () => {
    expect(verifyChain(chain(5), hashOf, { fromSeq: 1, toSeq: 5, anchorHash: GENESIS_HASH })).toEqual({
      ok: true,
      checked: 5,
      firstBreak: null,
    });
    expect(verifyChain([], hashOf)).toEqual({ ok: true, checked: 0, firstBreak: null });
  });

  it('reports an edited record as altered, at its seq and id', () => {
    const entries = chain(5);
    entries[2]!.text = 'edited';
    expect(verifyChain(entries, hashOf)).toEqual({
      ok: false,
      checked: 2,
      firstBreak: { seq: 3, id: 'id-3', reason: 'record altered' },
    });
  });

  it('reports a record whose hash was recomputed after an edit as a broken link at its successor', () => {
    const entries = chain(5);
    entries[2]!.text = 'edited';
    entries[2]!.hash = hashOf(entries[2]!);
    expect(verifyChain(entries, hashOf).firstBreak).toEqual({
      seq: 4,
      id: 'id-4',
      reason: 'link to previous record broken',
    });
  });

  it('reports a deleted record as missing, at the first missing seq', () => {
    const entries = chain(6).filter((entry) => entry.seq !== 3 && entry.seq !== 4);
    expect(verifyChain(entries, hashOf)).toEqual({
      ok: false,
      checked: 2,
      firstBreak: { seq: 3, reason: 'missing record' },
    });
  });

  it('reports the first break only', () => {
    const entries = chain(6);
    entries[4]!.text = 'edited later';
    entries[1]!.text = 'edited first';
    expect(verifyChain(entries, hashOf).firstBreak).toMatchObject({ seq: 2, reason: 'record altered' });
  });

  it('finds deleted records at either end of a range only when told where the range starts and ends', () => {
    const withoutHead = chain(5).slice(1);
    expect(verifyChain(withoutHead, hashOf).ok).toBe(true);
    expect(verifyChain(withoutHead, hashOf, { fromSeq: 1 }).firstBreak).toEqual({ seq: 1, reason: 'missing record' });
    const withoutTail = chain(5).slice(0, 3);
    expect(verifyChain(withoutTail, hashOf).ok).toBe(true);
    expect(verifyChain(withoutTail, hashOf, { toSeq: 5 })).toEqual({
      ok: false,
      checked: 3,
      firstBreak: { seq: 4, reason: 'missing record' },
    });
    expect(verifyChain([], hashOf, { fromSeq: 1, toSeq: 2 }).firstBreak).toEqual({ seq: 1, reason: 'missing record' });
    expect(verifyChain([], hashOf, { fromSeq: 3, toSeq: 2 }).ok).toBe(true);
  });

  it('checks the first record against the anchor it must link to', () => {
    const entries = chain(5);
    expect(verifyChain(entries.slice(2), hashOf, { fromSeq: 3, anchorHash: entries[1]!.hash }).ok).toBe(true);
    expect(verifyChain(entries.slice(2), hashOf, { fromSeq: 3, anchorHash: GENESIS_HASH }).firstBreak).toEqual({
      seq: 3,
      id: 'id-3',
      reason: 'link to previous record broken',
    });
  });

  it('leaves out the id of records that have none', () => {
    const entries = chain(2).map(({ id: _id, ...rest }) => rest);
    const unnamed = (entry: Omit<Entry, 'id'>) =>
      hashChainLink(entry.prevHash, [`id-${entry.seq}`, entry.seq, entry.text]);
    entries[1]!.text = 'edited';
    expect(verifyChain(entries, unnamed).firstBreak).toEqual({ seq: 2, reason: 'record altered' });
  });
});
