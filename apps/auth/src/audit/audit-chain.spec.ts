import { GENESIS_HASH } from '@lfc/common';
import { AuthAuditRecord, auditHash } from './audit-chain';
import { decodeAuditCursor, encodeAuditCursor } from './audit-queries';

const fields: Omit<AuthAuditRecord, 'prevHash' | 'hash'> = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  seq: 7,
  timestamp: '2025-11-27T10:00:00.123Z',
  userId: '2f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  keyId: '0b7e1a3c-5d2f-4e6a-9b8c-7d6e5f4a3b2c',
  action: 'api_key.update',
  resource: 'api_key:0b7e1a3c-5d2f-4e6a-9b8c-7d6e5f4a3b2c',
  ipAddress: '2001:db8::1',
  requestId: 'req-1',
  details: { changes: ['rateLimitPerMinute'], channel: 'api', role: 'admin' },
};

describe('auth audit hash', () => {
  it('covers every stored field, so changing any one of them changes the hash', () => {
    const original = auditHash(GENESIS_HASH, fields);
    const changes: Partial<typeof fields>[] = [
      { id: '00000000-0000-4000-8000-000000000000' },
      { seq: 8 },
      { timestamp: '2025-11-27T10:00:00.124Z' },
      { userId: null },
      { keyId: null },
      { action: 'api_key.revoke' },
      { resource: null },
      { ipAddress: '2001:db8::2' },
      { requestId: null },
      { details: { ...fields.details, changes: [] } },
    ];
    for (const change of changes) expect(auditHash(GENESIS_HASH, { ...fields, ...change })).not.toBe(original);
    expect(auditHash('f'.repeat(64), fields)).not.toBe(original);
  });

  it('ignores the order in which jsonb returns the keys of details', () => {
    expect(
      auditHash(GENESIS_HASH, {
        ...fields,
        details: { role: 'admin', channel: 'api', changes: ['rateLimitPerMinute'] },
      }),
    ).toBe(auditHash(GENESIS_HASH, fields));
  });
});

describe('audit cursor', () => {
  it('round-trips a seq and refuses anything it did not make', () => {
    expect(decodeAuditCursor(encodeAuditCursor(42))).toBe(42);
    for (const text of ['', 'seq:', 'seq:0', 'seq:-1', 'seq:1.5', 'seq:99999999999999999', 'id:4']) {
      expect(decodeAuditCursor(Buffer.from(text).toString('base64url'))).toBeUndefined();
    }
    expect(decodeAuditCursor('not base64!')).toBeUndefined();
  });
});
