import { verifyChain } from '@lfc/common';
import { createHash } from 'node:crypto';
import { AUDIT_LIMITS, AuditRecord, GENESIS_HASH, boundAuditFields, chainHash, sealAuditRecord } from './audit-record';

const first: Omit<AuditRecord, 'hash' | 'prevHash'> = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  writerId: 'gw-1-abcd',
  seq: 1,
  timestamp: '2025-11-27T10:00:00.123Z',
  keyId: null,
  userId: '2f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  action: 'POST /mcp tools/call',
  resource: 'ping',
  ipAddress: '::1',
  userAgent: 'curl/8',
  statusCode: 200,
  latencyMs: 1.234,
  requestId: 'req-1',
  details: { via: 'api_key', argumentNames: ['b', 'a'], nested: { z: 1, a: [{ y: 2, x: null }] } },
};
const second = { ...first, seq: 2, id: '0b7e1a3c-5d2f-4e6a-9b8c-7d6e5f4a3b2c', details: {} };

describe('gateway audit chain', () => {
  it('hashes exactly as the records already stored were hashed', () => {
    // Computed by the gateway's own implementation before the primitives moved to @lfc/common:
    // stored chains must keep verifying.
    const hash1 = chainHash(GENESIS_HASH, first);
    expect(hash1).toBe('d3b38649c30960e3671bdb305c82f3289c1f4e10b1ffcb1c43859ba0757124cd');
    expect(chainHash(hash1, second)).toBe('6089e7ea93ec8d9048b15faced3a634a9faf9eb9393948b0f40639bb9c12d493');
  });

  it('finds an altered record with the shared verifier', () => {
    const hash1 = chainHash(GENESIS_HASH, first);
    const records: AuditRecord[] = [
      { ...first, prevHash: GENESIS_HASH, hash: hash1 },
      { ...second, prevHash: hash1, hash: chainHash(hash1, second) },
    ];
    const check = () => verifyChain(records, ({ hash: _hash, prevHash, ...fields }) => chainHash(prevHash, fields));
    expect(check()).toEqual({ ok: true, checked: 2, firstBreak: null });
    records[1]!.statusCode = 500;
    expect(check()).toEqual({ ok: false, checked: 1, firstBreak: { seq: 2, id: second.id, reason: 'record altered' } });
  });
});

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
/** Characters as PostgreSQL's varchar counts them (code points). */
const chars = (value: string) => value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;

describe('boundAuditFields', () => {
  it('leaves an ordinary record as it is, so it hashes as records always did', () => {
    expect(boundAuditFields(first)).toEqual(first);
    expect(sealAuditRecord(first, GENESIS_HASH).hash).toBe(
      'd3b38649c30960e3671bdb305c82f3289c1f4e10b1ffcb1c43859ba0757124cd',
    );
  });

  it('cuts each long value to its column and keeps the received length and SHA-256', () => {
    const action = `POST /mcp ${'m'.repeat(300)}`;
    const resource = 't'.repeat(2000);
    const userAgent = 'u'.repeat(10_240);
    const requestId = 'r'.repeat(200);
    const bounded = boundAuditFields({ ...first, action, resource, userAgent, requestId });
    expect(bounded.action).toBe(action.slice(0, AUDIT_LIMITS.action));
    expect(bounded.resource).toHaveLength(AUDIT_LIMITS.resource);
    expect(bounded.userAgent).toHaveLength(AUDIT_LIMITS.userAgent);
    expect(bounded.requestId).toHaveLength(AUDIT_LIMITS.requestId);
    expect(bounded.details).toEqual({
      ...first.details,
      truncated: {
        action: { length: action.length, sha256: sha256(action) },
        resource: { length: 2000, sha256: sha256(resource) },
        userAgent: { length: 10_240, sha256: sha256(userAgent) },
        requestId: { length: 200, sha256: sha256(requestId) },
      },
    });
  });

  it('never splits a surrogate pair and never leaves NUL or a lone surrogate, which PostgreSQL refuses', () => {
    const action = `${'a'.repeat(99)}😀tail`;
    const bounded = boundAuditFields({ ...first, action, resource: 'x\u0000y\uD800z', userAgent: '\uDC00' });
    expect(bounded.action).toBe('a'.repeat(99));
    expect(bounded.resource).toBe('x\uFFFDy\uFFFDz');
    expect(bounded.userAgent).toBe('\uFFFD');
    expect(Object.keys(bounded.details.truncated as object)).toEqual(['action', 'resource', 'userAgent']);
  });

  it('stores no address, key or user id that its column would refuse, and says what was received', () => {
    const bounded = boundAuditFields({
      ...first,
      ipAddress: 'fe80::1%eth0',
      keyId: 'not-a-uuid',
      userId: `${first.userId}x`,
    });
    expect(bounded).toMatchObject({ ipAddress: null, keyId: null, userId: null });
    expect((bounded.details.truncated as Record<string, { length: number }>).ipAddress).toEqual({
      length: 12,
      sha256: sha256('fe80::1%eth0'),
    });
    expect(boundAuditFields({ ...first, ipAddress: '2001:db8::1' }).ipAddress).toBe('2001:db8::1');
  });

  it('keeps latency and status within their columns', () => {
    const bounded = boundAuditFields({ ...first, latencyMs: 1e15, statusCode: 1.5 });
    expect(bounded.latencyMs).toBe(AUDIT_LIMITS.latencyMs);
    expect(bounded.statusCode).toBe(0);
    expect(boundAuditFields({ ...first, latencyMs: 1.23456 }).latencyMs).toBe(1.235);
  });

  it('bounds the details: strings, keys and item counts, then the whole JSON', () => {
    const names = Array.from({ length: 80 }, (_, index) => `${index}-${'n'.repeat(5000)}`);
    const details = { via: 'api_key', argumentNames: names };
    const bounded = boundAuditFields({ ...first, details });
    const kept = bounded.details.argumentNames as string[];
    expect(kept).toHaveLength(AUDIT_LIMITS.detailItems);
    expect(kept.every((name) => name.length === AUDIT_LIMITS.detailString)).toBe(true);
    const received = JSON.stringify(details);
    expect(bounded.details.truncated).toEqual({ details: { length: received.length, sha256: sha256(received) } });

    const wide = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [`k${index}`, Array.from({ length: 50 }, () => 'v'.repeat(64))]),
    );
    const dropped = boundAuditFields({ ...first, details: wide });
    expect(Object.keys(dropped.details)).toEqual(['truncated']);
    expect(Buffer.byteLength(JSON.stringify(dropped.details))).toBeLessThan(AUDIT_LIMITS.detailsBytes);
  });

  it('seals the bounded fields, so the chain covers what is stored', () => {
    const record = sealAuditRecord({ ...first, action: 'x'.repeat(1000) }, GENESIS_HASH);
    expect(chars(record.action)).toBe(AUDIT_LIMITS.action);
    const { hash, prevHash, ...fields } = record;
    expect(chainHash(prevHash, fields)).toBe(hash);
  });
});
