import { RequestContext } from '@lfc/common';
import { API_KEYS_CHANGED_CHANNEL, ApiKeyPrincipal } from '@lfc/contracts';
import { MemoryKeyValueStore } from '@lfc/kv';
import { createHash } from 'node:crypto';
import { ApiKeyAuthenticator, ApiKeyVerifier } from './api-key-authenticator';

const KEY = `lfc_${'A'.repeat(43)}`;
const KEY_HASH = createHash('sha256').update(KEY).digest('hex');
const CONTEXT: RequestContext = { requestId: 'r', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
const PRINCIPAL: ApiKeyPrincipal = {
  keyId: 'key-1',
  keyPrefix: 'lfc_AAAAAAAA',
  userId: 'user-1',
  role: 'user',
  scopes: ['*'],
  rateLimits: { perMinute: 100, perHour: 1000 },
  allowedIps: [],
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
    authenticator = new ApiKeyAuthenticator(verifier, kv, { ttlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 100 });
    await authenticator.onApplicationBootstrap();
  });

  afterEach(async () => {
    await authenticator.onApplicationShutdown();
  });

  const announce = () => kv.publish(API_KEYS_CHANGED_CHANNEL, JSON.stringify({ keyId: PRINCIPAL.keyId, keyHash: KEY_HASH }));
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('verifies a key once per TTL, sharing one verification among concurrent requests', async () => {
    const first = authenticator.authenticate(KEY, CONTEXT);
    const second = authenticator.authenticate(KEY, CONTEXT);
    await flush();
    verifier.answer(0, PRINCIPAL);
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    await authenticator.authenticate(KEY, CONTEXT);
    expect(verifier.calls).toBe(1);
  });

  it('drops a cached key when auth announces it changed', async () => {
    const first = authenticator.authenticate(KEY, CONTEXT);
    await flush();
    verifier.answer(0, PRINCIPAL);
    await first;
    await announce();
    const again = authenticator.authenticate(KEY, CONTEXT);
    await flush();
    verifier.answer(1, null);
    await expect(again).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('does not cache an answer that was in flight when the key was announced as changed', async () => {
    const inFlight = authenticator.authenticate(KEY, CONTEXT);
    await flush();
    await announce();
    // Auth answered from before the change (e.g. read before the deactivation committed).
    verifier.answer(0, PRINCIPAL);
    await expect(inFlight).resolves.toMatchObject({ keyId: 'key-1' });

    const next = authenticator.authenticate(KEY, CONTEXT);
    await flush();
    expect(verifier.calls).toBe(2);
    verifier.answer(1, null);
    await expect(next).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('does not let a request after an announcement join a verification begun before it', async () => {
    const before = authenticator.authenticate(KEY, CONTEXT);
    await flush();
    await announce();
    const after = authenticator.authenticate(KEY, CONTEXT);
    await flush();
    expect(verifier.calls).toBe(2);
    verifier.answer(0, PRINCIPAL);
    verifier.answer(1, null);
    await expect(before).resolves.toMatchObject({ keyId: 'key-1' });
    await expect(after).rejects.toMatchObject({ code: 'invalid_api_key' });
    // The newer answer is the one cached.
    await expect(authenticator.authenticate(KEY, CONTEXT)).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(verifier.calls).toBe(2);
  });
});
