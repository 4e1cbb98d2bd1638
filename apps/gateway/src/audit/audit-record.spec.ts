import { verifyChain } from '@lfc/common';
import { AuditRecord, GENESIS_HASH, chainHash } from './audit-record';

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
