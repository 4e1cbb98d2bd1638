import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Counter } from 'prom-client';
import { DomainError } from '@lfc/common';
import { KeyValueStore, MemoryKeyValueStore, RedisKeyValueStore } from '@lfc/kv';
import { CallerSlots } from './caller-slots';

/** The refusal counter, kept out of the process's registry so specs do not share counts. */
const unregisteredRefusals = () =>
  new Counter({ name: 'lfc_mcp_caller_limit_refusals_total', help: 'refusals', labelNames: ['limit'], registers: [] });

const REDIS_URL = process.env.LFC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEASE_MS = 60_000;

describe.each([
  ['in-process', async (): Promise<KeyValueStore> => new MemoryKeyValueStore()],
  [
    'Redis',
    async (): Promise<KeyValueStore> => {
      const store = new RedisKeyValueStore(REDIS_URL, `lfc-test-${randomBytes(6).toString('hex')}:`);
      await store.connect();
      return store;
    },
  ],
])('CallerSlots (%s)', (_, open) => {
  let kv: KeyValueStore;
  let now: number;
  const slots = () =>
    new CallerSlots(
      kv,
      { kind: 'sessions', limit: 2, setting: 'LFC_MAX_SESSIONS_PER_KEY', code: 'too_many_sessions' },
      pino({ level: 'silent' }),
      unregisteredRefusals(),
    );

  beforeEach(async () => {
    kv = await open();
    now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await kv.close();
  });

  it('refuses a place over the limit with 429 naming the limit and its setting, per holder', async () => {
    const subject = slots();
    await subject.take('key:a', 's1', LEASE_MS);
    await subject.take('key:a', 's2', LEASE_MS);
    // A place already held is renewed, not counted twice.
    await subject.take('key:a', 's2', LEASE_MS);
    const refusal = await subject.take('key:a', 's3', LEASE_MS).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'too_many_sessions', status: 429, details: { limit: 2 } });
    expect((refusal as DomainError).message).toBe(
      'Too many open MCP sessions for this credential: the limit is 2 (LFC_MAX_SESSIONS_PER_KEY); close one and retry',
    );
    await expect(subject.take('key:b', 's3', LEASE_MS)).resolves.toBeUndefined();
  });

  it('frees a place when it is given back, and when its lease lapses unrenewed', async () => {
    const subject = slots();
    await subject.take('key:a', 's1', LEASE_MS);
    await subject.take('key:a', 's2', LEASE_MS);
    await subject.release('key:a', 's1');
    await subject.take('key:a', 's3', LEASE_MS);
    await expect(subject.take('key:a', 's4', LEASE_MS)).rejects.toMatchObject({ code: 'too_many_sessions' });

    now += LEASE_MS / 2;
    await subject.renew('key:a', 's3', LEASE_MS);
    now += LEASE_MS / 2 + 1;
    // s2 lapsed; s3 was renewed and still holds its place.
    await subject.take('key:a', 's4', LEASE_MS);
    await expect(subject.take('key:a', 's5', LEASE_MS)).rejects.toMatchObject({ code: 'too_many_sessions' });
  });

  it('counts the places of every replica that shares the store', async () => {
    if (kv.kind === 'memory') return;
    await slots().take('key:a', 's1', LEASE_MS);
    await slots().take('key:a', 's2', LEASE_MS);
    await expect(slots().take('key:a', 's3', LEASE_MS)).rejects.toMatchObject({ code: 'too_many_sessions' });
  });
});

describe('CallerSlots with an unreachable store', () => {
  it('does not refuse callers when the store cannot count', async () => {
    const kv = new RedisKeyValueStore(REDIS_URL, 'lfc-test:');
    await kv.connect();
    await kv.close();
    const subject = new CallerSlots(
      kv,
      { kind: 'streams', limit: 1, setting: 'LFC_MAX_STREAMS_PER_KEY', code: 'too_many_streams' },
      pino({ level: 'silent' }),
      unregisteredRefusals(),
    );
    await subject.take('key:a', 's1', LEASE_MS);
    await expect(subject.take('key:a', 's2', LEASE_MS)).resolves.toBeUndefined();
    await subject.release('key:a', 's1');
    jest.restoreAllMocks();
  });
});
