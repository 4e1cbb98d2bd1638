import pino from 'pino';
import { Counter, Gauge } from 'prom-client';
import { MemoryKeyValueStore } from '@lfc/kv';
import { DependencyHealthMetrics } from '@lfc/resilience';
import { dependencyValue, unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import { CallerSlots } from './caller-slots';
import { FLUSH_EVERY_MS, SessionStore } from './session-store';

/** The refusal counter, kept out of the process's registry so specs do not share counts. */
const unregisteredRefusals = () =>
  new Counter({ name: 'lfc_mcp_caller_limit_refusals_total', help: 'refusals', labelNames: ['limit'], registers: [] });

/** The session metrics and the store's health metrics, unregistered like the refusal counter. */
const unregisteredSessionMetrics = (health: DependencyHealthMetrics = unregisteredDependencyHealthMetrics()) =>
  [
    new Gauge({ name: 'lfc_mcp_sessions_active', help: 'active', registers: [] }),
    new Counter({ name: 'lfc_mcp_sessions_started_total', help: 'started', labelNames: ['transport'], registers: [] }),
    new Counter({ name: 'lfc_mcp_sessions_ended_total', help: 'ended', registers: [] }),
    health,
  ] as const;

/** The in-process store, with commands that can be made to fail like an unreachable Redis. */
class FlakyStore extends MemoryKeyValueStore {
  down = false;
  publishFails = false;
  published: string[] = [];

  override async get(key: string): Promise<string | null> {
    this.check();
    return super.get(key);
  }
  override async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.check();
    return super.set(key, value, ttlSeconds);
  }
  override async delete(key: string): Promise<boolean> {
    this.check();
    return super.delete(key);
  }
  override async publish(channel: string, message: string): Promise<number> {
    this.check();
    if (this.publishFails) throw new Error('NOPERM publish');
    this.published.push(message);
    return super.publish(channel, message);
  }
  private check(): void {
    if (this.down) throw new Error('Connection is closed.');
  }
}

const fields = {
  transport: 'streamable-http',
  protocolVersion: '2025-11-25',
  userId: 'user-1',
  keyId: 'key-1',
} as const;
const key = (sessionId: string) => `mcp:session:${sessionId}`;

describe('SessionStore while the shared store is unreachable', () => {
  let kv: FlakyStore;
  let store: SessionStore;
  /** What the store logged, as pino wrote it. */
  let lines: { level: number; context: string; msg: string }[];
  let healthMetrics: DependencyHealthMetrics;

  beforeEach(async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    kv = new FlakyStore();
    healthMetrics = unregisteredDependencyHealthMetrics();
    lines = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => lines.push(JSON.parse(line) as { level: number; context: string; msg: string }) },
    );
    store = new SessionStore(
      kv,
      86_400,
      new CallerSlots(
        kv,
        {
          kind: 'sessions',
          limit: 100,
          setting: 'LFC_MAX_SESSIONS_PER_KEY',
          code: 'too_many_sessions',
        },
        pino({ level: 'silent' }),
        unregisteredRefusals(),
      ),
      logger,
      ...unregisteredSessionMetrics(healthMetrics),
    );
    await store.onApplicationBootstrap();
  });

  afterEach(async () => {
    await store.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('changes a session locally instead of failing, and serves the changed copy', async () => {
    const session = await store.create(fields);
    kv.down = true;
    await expect(store.update({ ...session, protocolVersion: '2024-11-05' })).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(10_000);
    expect((await store.get(session.id))?.protocolVersion).toBe('2024-11-05');
  });

  it('writes sessions begun during the outage to the store within one flush interval of its return, then stops', async () => {
    const storeUp = () => dependencyValue(healthMetrics.up, 'redis:sessions');
    kv.down = true;
    const first = await store.create(fields);
    const second = await store.create(fields);
    await jest.advanceTimersByTimeAsync(FLUSH_EVERY_MS * 4);
    expect(await storeUp()).toBe(0);
    expect(await dependencyValue(healthMetrics.outages, 'redis:sessions')).toBe(1);
    kv.down = false;
    await jest.advanceTimersByTimeAsync(FLUSH_EVERY_MS);
    expect(await kv.get(key(first.id))).not.toBeNull();
    expect(await kv.get(key(second.id))).not.toBeNull();
    // The write-back was the probe: the outage ended with it.
    expect(await storeUp()).toBe(1);
    expect(jest.getTimerCount()).toBe(1); // only the prune interval is left
    // One line as the outage began and one as it ended, whatever the number of failed flushes between.
    expect(lines.map(({ level, context, msg }) => ({ level, context, msg }))).toEqual([
      {
        level: 40,
        context: 'McpSessions',
        msg: expect.stringMatching(/^shared session store unreachable \(Connection is closed\.\)/),
      },
      { level: 30, context: 'McpSessions', msg: 'shared session store reachable again' },
    ]);
  });

  it('writes back a change made during the outage over the older stored copy', async () => {
    const session = await store.create(fields);
    kv.down = true;
    await store.update({ ...session, protocolVersion: '2024-11-05' });
    kv.down = false;
    await jest.advanceTimersByTimeAsync(FLUSH_EVERY_MS);
    expect(JSON.parse((await kv.get(key(session.id))) ?? '{}')).toMatchObject({ protocolVersion: '2024-11-05' });
  });

  it('never prunes a session only this replica knows', async () => {
    kv.down = true;
    const session = await store.create(fields);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(await store.get(session.id)).toEqual(session);
  });

  it('ends a session only this replica knows at once, and deletes it from the store once it answers', async () => {
    kv.down = true;
    const session = await store.create(fields);
    const ended: string[] = [];
    store.onEnded((sessionId) => ended.push(sessionId));
    await expect(store.end(session)).resolves.toBe(true);
    expect(ended).toEqual([session.id]);
    await expect(store.get(session.id)).rejects.toMatchObject({ code: 'dependency_unavailable' });
    kv.down = false;
    await jest.advanceTimersByTimeAsync(FLUSH_EVERY_MS);
    expect(await kv.get(key(session.id))).toBeNull();
    expect(kv.published).toContain(session.id);
    expect(await store.get(session.id)).toBeUndefined();
  });

  it('refuses to end, as retryable, a shared session the store cannot delete', async () => {
    const session = await store.create(fields);
    kv.down = true;
    await expect(store.end(session)).rejects.toMatchObject({ code: 'dependency_unavailable' });
    expect(await store.get(session.id)).toEqual(session);
  });

  it('ends a session here even when the broadcast fails after the delete', async () => {
    const session = await store.create(fields);
    const ended: string[] = [];
    store.onEnded((sessionId) => ended.push(sessionId));
    kv.publishFails = true;
    await expect(store.end(session)).resolves.toBe(true);
    expect(ended).toEqual([session.id]);
    expect(await store.get(session.id)).toBeUndefined();
  });
});

describe('SessionStore limits per caller', () => {
  const TTL_SECONDS = 120;
  let kv: MemoryKeyValueStore;
  let store: SessionStore;

  beforeEach(async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    kv = new MemoryKeyValueStore();
    store = new SessionStore(
      kv,
      TTL_SECONDS,
      new CallerSlots(
        kv,
        {
          kind: 'sessions',
          limit: 2,
          setting: 'LFC_MAX_SESSIONS_PER_KEY',
          code: 'too_many_sessions',
        },
        pino({ level: 'silent' }),
        unregisteredRefusals(),
      ),
      pino({ level: 'silent' }),
      ...unregisteredSessionMetrics(),
    );
    await store.onApplicationBootstrap();
  });

  afterEach(async () => {
    await store.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('refuses a session over the limit of its key, naming the limit; other keys and people count apart', async () => {
    await store.create(fields);
    await store.create(fields);
    await expect(store.create(fields)).rejects.toMatchObject({
      code: 'too_many_sessions',
      status: 429,
      message: expect.stringContaining('the limit is 2 (LFC_MAX_SESSIONS_PER_KEY)'),
    });
    await store.create({ ...fields, keyId: 'key-2' });
    await store.create({ ...fields, keyId: null });
  });

  it('gives the place back when a session ends', async () => {
    const first = await store.create(fields);
    await store.create(fields);
    await store.end(first);
    await expect(store.create(fields)).resolves.toMatchObject({ keyId: 'key-1' });
  });

  it('frees the place of a session that expires unused, and keeps that of a session in use', async () => {
    const used = await store.create(fields);
    await store.create(fields);
    await jest.advanceTimersByTimeAsync(90_000);
    expect(await store.get(used.id)).toEqual(used);
    await jest.advanceTimersByTimeAsync(31_000);
    await store.create(fields);
    await expect(store.create(fields)).rejects.toMatchObject({ code: 'too_many_sessions' });
  });

  it('keeps at most 256 characters of the client name, never half a character', async () => {
    const long = await store.create({ ...fields, clientName: 'n'.repeat(10_000) });
    expect(long.clientName).toHaveLength(256);
    const emoji = await store.create({ ...fields, keyId: 'key-3', clientName: `${'n'.repeat(255)}😀` });
    expect(emoji.clientName).toBe('n'.repeat(255));
    expect(JSON.parse((await kv.get(key(long.id))) ?? '{}')).toMatchObject({ clientName: 'n'.repeat(256) });
  });
});
