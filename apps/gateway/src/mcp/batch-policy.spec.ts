import type { Principal } from '@lfc/identity';
import { RateLimitDecision, RateLimiter } from '@lfc/access';
import { BatchPolicy } from './batch-policy';

const principal: Principal = {
  via: 'api_key',
  userId: '00000000-0000-0000-0000-000000000001',
  role: 'user',
  scopes: ['*'],
  keyId: '00000000-0000-0000-0000-000000000002',
  keyPrefix: 'lfc_x',
  tenant: 'user-1',
  rateLimits: { perMinute: 5, perHour: null },
  allowedIps: [],
  confirmDestructiveCalls: false,
  expiresAt: null,
};

/** A limiter that allows `room` more requests, then refuses; it records every subject it counted. */
function limiter(room: number) {
  const counted: string[] = [];
  const fake = {
    check: async (subject: string): Promise<RateLimitDecision> => {
      counted.push(subject);
      const allowed = counted.length <= room;
      return allowed
        ? { allowed, limit: 5, remaining: room - counted.length, shared: true }
        : { allowed, limit: 5, retryAfterSeconds: 42, shared: true };
    },
  } as unknown as RateLimiter;
  return { fake, counted };
}

const call = (id: number) => ({ jsonrpc: '2.0' as const, id, method: 'tools/call', params: { name: 'ping' } });

describe('BatchPolicy', () => {
  it('refuses a batch over the limit before validating any of it, naming the limit', () => {
    const policy = new BatchPolicy(limiter(100).fake, 20);
    expect(policy.parse(Array.from({ length: 20 }, (_, index) => call(index))).messages).toHaveLength(20);
    expect(() => policy.parse(Array.from({ length: 21 }, () => 'not even a message'))).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        message: expect.stringContaining('at most 20 messages (LFC_MCP_MAX_BATCH)'),
      }),
    );
  });

  it('accepts batches only in protocol 2025-03-26', () => {
    const policy = new BatchPolicy(limiter(100).fake, 20);
    expect(() => policy.requireBatchesIn('2025-03-26')).not.toThrow();
    for (const version of ['2025-06-18', '2025-11-25', '2024-11-05']) {
      expect(() => policy.requireBatchesIn(version)).toThrow(
        expect.objectContaining({
          code: 'invalid_request',
          message: `Invalid Request: batches are not supported in protocol version ${version}`,
        }),
      );
    }
    expect(() => policy.requireBatchesIn(undefined)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('checks the protocol of a batch before counting it, and lets a single message through uncounted', async () => {
    const { fake, counted } = limiter(100);
    const policy = new BatchPolicy(fake, 20);
    await expect(
      policy.admit({ messages: [call(1), call(2)], batch: true }, '2025-06-18', principal),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await policy.admit({ messages: [call(1)], batch: false }, '2025-11-25', principal)).toEqual({
      admitted: [call(1)],
      refused: [],
    });
    expect(counted).toEqual([]);
  });

  it('counts every message after the first, and answers those over the limit with rate_limited', async () => {
    const { fake, counted } = limiter(2);
    const notification = { jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId: 9 } };
    const batch = [call(1), call(2), call(3), notification, call(4), call(5)];
    const { admitted, refused } = await new BatchPolicy(fake, 20).admit(
      { messages: batch, batch: true },
      '2025-03-26',
      principal,
    );
    expect(admitted).toEqual([call(1), call(2), call(3)]);
    // Counted until the first refusal; the rest are refused without counting.
    expect(counted).toEqual([`key:${principal.keyId}`, `key:${principal.keyId}`, `key:${principal.keyId}`]);
    expect(refused.map((answer) => answer.id)).toEqual([4, 5]);
    expect(refused[0]).toMatchObject({
      error: { code: -32000, data: { reason: 'rate_limited', retryAfterSeconds: 42, limit: 5 } },
    });
  });
});
