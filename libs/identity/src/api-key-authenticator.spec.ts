import { RequestContext } from '@lfc/common';
import { API_KEYS_CHANGED_CHANNEL, ApiKeyPrincipal } from '@lfc/contracts';
import { MemoryKeyValueStore } from '@lfc/kv';
import { createHash } from 'node:crypto';
import { ApiKeyAuthenticator, ApiKeyVerifier } from './api-key-authenticator';
import { UnknownKeyThrottle } from './unknown-key-throttle';

const KEY = `lfc_${'A'.repeat(43)}`;
const KEY_HASH = createHash('sha256').update(KEY).digest('hex');
const ADDRESS = '203.0.113.7';
const CONTEXT: RequestContext = {
  requestId: 'r',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};
const PRINCIPAL: ApiKeyPrincipal = {
  keyId: 'key-1',
  keyPrefix: 'lfc_AAAAAAAA',
  userId: 'user-1',
  role: 'user',
  scopes: ['*'],
  rateLimits: { perMinute: 100, perHour: 1000 },
  allowedIps: [],
  confirmDestructiveCalls: false,
  expiresAt: null,
};

/** Auth's side of the verification, answering each call when the test says so. */
class ScriptedVerifier extends ApiKeyVerifier {
  readonly pending: ((answer: ApiKeyPrincipal | null) => void)[] = [];
  calls = 0;

  verify(): Promise<ApiKeyPrincipal | null> {
    this.calls += 1;
    return new Promise((resolve) => this.pending.push(resolve));
  }

  answer(index: number, value: ApiKeyPrincipal | null): void {
    this.pending[index]!(value);
  }
}

describe('ApiKeyAuthenticator', () => {
  let kv: MemoryKeyValueStore;
  let verifier: ScriptedVerifier;
  let authenticator: ApiKeyAuthenticator;

  beforeEach(async () => {
    kv = new MemoryKeyValueStore();
    verifier = new ScriptedVerifier();
    authenticator = new ApiKeyAuthenticator(
      verifier,
      kv,
      { ttlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 100, maxNegativeEntries: 100 },
      new UnknownKeyThrottle(30),
    );
    await authenticator.onApplicationBootstrap();
  });

  afterEach(async () => {
    await authenticator.onApplicationShutdown();
  });

  const announce = () =>
    kv.publish(API_KEYS_CHANGED_CHANNEL, JSON.stringify({ keyId: PRINCIPAL.keyId, keyHash: KEY_HASH }));
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('verifies a key once per TTL, sharing one verification among concurrent requests', async () => {
    const first = authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    const second = authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    await flush();
    verifier.answer(0, PRINCIPAL);
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    await authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    expect(verifier.calls).toBe(1);
  });

  it('drops a cached key when auth announces it changed', async () => {
    const first = authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    await flush();
    verifier.answer(0, PRINCIPAL);
    await first;
    await announce();
    const again = authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    await flush();
    verifier.answer(1, null);
    await expect(again).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('does not cache an answer that was in flight when the key was announced as changed', async () => {
    const inFlight = authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    await flush();
    await announce();
    // Auth answered from before the change (e.g. read before the deactivation committed).
    verifier.answer(0, PRINCIPAL);
    await expect(inFlight).resolves.toMatchObject({ keyId: 'key-1' });

    const next = authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    await flush();
    expect(verifier.calls).toBe(2);
    verifier.answer(1, null);
    await expect(next).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('does not let a request after an announcement join a verification begun before it', async () => {
    const before = authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    await flush();
    await announce();
    const after = authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    await flush();
    expect(verifier.calls).toBe(2);
    verifier.answer(0, PRINCIPAL);
    verifier.answer(1, null);
    await expect(before).resolves.toMatchObject({ keyId: 'key-1' });
    await expect(after).rejects.toMatchObject({ code: 'invalid_api_key' });
    // The newer answer is the one cached.
    await expect(authenticator.authenticate(KEY, CONTEXT, ADDRESS)).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(verifier.calls).toBe(2);
  });
});

/** Auth's side answering at once: the known key, and nothing else. Counts verifications per key. */
class InstantVerifier extends ApiKeyVerifier {
  readonly calls = new Map<string, number>();

  async verify(keyHash: string): Promise<ApiKeyPrincipal | null> {
    this.calls.set(keyHash, (this.calls.get(keyHash) ?? 0) + 1);
    return keyHash === KEY_HASH ? PRINCIPAL : null;
  }
}

const madeUpKey = (index: number) => `lfc_${index.toString(36).padStart(43, '_')}`;

describe('ApiKeyAuthenticator under a flood of unknown keys', () => {
  let now: number;
  let verifier: InstantVerifier;
  let authenticator: ApiKeyAuthenticator;
  const build = (attemptsPerMinute: number) => {
    now = Date.parse('2026-01-10T12:00:00.000Z');
    verifier = new InstantVerifier();
    authenticator = new ApiKeyAuthenticator(
      verifier,
      new MemoryKeyValueStore(),
      { ttlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 100, maxNegativeEntries: 1_000 },
      new UnknownKeyThrottle(attemptsPerMinute, () => now),
    );
  };

  it('keeps a known key cached through 20k distinct unknown keys (refusals never push it out)', async () => {
    build(1_000_000);
    await authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    for (let index = 0; index < 20_000; index++) {
      // From many addresses, so the per-address throttle does not end the flood early.
      await expect(
        authenticator.authenticate(madeUpKey(index), CONTEXT, `10.0.${index >> 8}.${index & 255}`),
      ).rejects.toMatchObject({
        code: 'invalid_api_key',
      });
    }
    await expect(authenticator.authenticate(KEY, CONTEXT, ADDRESS)).resolves.toMatchObject({ keyId: 'key-1' });
    expect(verifier.calls.get(KEY_HASH)).toBe(1);
    expect(verifier.calls.size).toBe(20_001);
  });

  it('answers an address 429 with Retry-After once it presented too many unknown keys, without asking the verifier', async () => {
    build(5);
    await authenticator.authenticate(KEY, CONTEXT, ADDRESS);
    for (let index = 0; index < 5; index++) {
      await expect(authenticator.authenticate(madeUpKey(index), CONTEXT, ADDRESS)).rejects.toMatchObject({
        code: 'invalid_api_key',
      });
    }
    const refusal = authenticator.authenticate(madeUpKey(99), CONTEXT, ADDRESS);
    await expect(refusal).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      details: { reason: 'unknown_key_throttled', retryAfterSeconds: 60 },
      headers: { 'retry-after': '60' },
    });
    // A malformed key counts as unknown and is refused the same way.
    await expect(authenticator.authenticate('not-a-key', CONTEXT, ADDRESS)).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(verifier.calls.has(createHash('sha256').update(madeUpKey(99)).digest('hex'))).toBe(false);

    // The key this replica already knows still passes from that address; other addresses are not affected.
    await expect(authenticator.authenticate(KEY, CONTEXT, ADDRESS)).resolves.toMatchObject({ keyId: 'key-1' });
    await expect(authenticator.authenticate(madeUpKey(7), CONTEXT, '198.51.100.1')).rejects.toMatchObject({
      code: 'invalid_api_key',
    });

    // A minute after the first refusal the address may try again.
    now += 59_000;
    await expect(authenticator.authenticate(madeUpKey(8), CONTEXT, ADDRESS)).rejects.toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: 1 },
    });
    now += 1_000;
    await expect(authenticator.authenticate(madeUpKey(8), CONTEXT, ADDRESS)).rejects.toMatchObject({
      code: 'invalid_api_key',
    });
  });
});

describe('ApiKeyAuthenticator cache bounds', () => {
  const keyNamed = (index: number) => `lfc_${index.toString(36).padStart(43, 'k')}`;
  const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');
  /** Auth's side: every key ending in `k…` is known; counts verifications per key. */
  class CountingVerifier extends ApiKeyVerifier {
    readonly calls = new Map<string, number>();
    known = true;

    async verify(keyHash: string): Promise<ApiKeyPrincipal | null> {
      this.calls.set(keyHash, (this.calls.get(keyHash) ?? 0) + 1);
      return this.known ? { ...PRINCIPAL, keyId: keyHash.slice(0, 8) } : null;
    }
  }

  let clock: number;
  let verifier: CountingVerifier;
  let authenticator: ApiKeyAuthenticator;

  beforeEach(() => {
    clock = 1_000;
    verifier = new CountingVerifier();
    authenticator = new ApiKeyAuthenticator(
      verifier,
      new MemoryKeyValueStore(),
      { ttlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 3, maxNegativeEntries: 3 },
      new UnknownKeyThrottle(1_000),
      () => clock,
    );
  });

  it('verifies a known key again once its TTL has passed since the verification, however often it was used', async () => {
    const key = keyNamed(1);
    await authenticator.authenticate(key, CONTEXT, ADDRESS);
    clock += 29_999;
    await authenticator.authenticate(key, CONTEXT, ADDRESS);
    expect(verifier.calls.get(hashOf(key))).toBe(1);
    clock += 2;
    await authenticator.authenticate(key, CONTEXT, ADDRESS);
    expect(verifier.calls.get(hashOf(key))).toBe(2);
  });

  it('asks again about a refused key once the refusal TTL has passed', async () => {
    const key = keyNamed(2);
    verifier.known = false;
    await expect(authenticator.authenticate(key, CONTEXT, ADDRESS)).rejects.toMatchObject({ code: 'invalid_api_key' });
    clock += 4_999;
    await expect(authenticator.authenticate(key, CONTEXT, ADDRESS)).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(verifier.calls.get(hashOf(key))).toBe(1);
    verifier.known = true;
    clock += 2;
    await expect(authenticator.authenticate(key, CONTEXT, ADDRESS)).resolves.toMatchObject({ via: 'api_key' });
    expect(verifier.calls.get(hashOf(key))).toBe(2);
  });

  it('keeps at most maxEntries known keys, dropping the least recently used', async () => {
    const [hot, second, third, fourth] = [keyNamed(10), keyNamed(11), keyNamed(12), keyNamed(13)];
    for (const key of [hot, second, third]) await authenticator.authenticate(key, CONTEXT, ADDRESS);
    await authenticator.authenticate(hot, CONTEXT, ADDRESS);
    await authenticator.authenticate(fourth, CONTEXT, ADDRESS);
    await authenticator.authenticate(hot, CONTEXT, ADDRESS);
    await authenticator.authenticate(second, CONTEXT, ADDRESS);
    expect(verifier.calls.get(hashOf(hot))).toBe(1);
    expect(verifier.calls.get(hashOf(second))).toBe(2);
  });
});
