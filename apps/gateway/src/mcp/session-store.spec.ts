import { Logger } from '@nestjs/common';
import { MemoryKeyValueStore } from '@lfc/kv';
import { FLUSH_EVERY_MS, SessionStore } from './session-store';

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

const fields = { transport: 'streamable-http', protocolVersion: '2025-11-25', userId: 'user-1', keyId: 'key-1' } as const;
const key = (sessionId: string) => `mcp:session:${sessionId}`;

describe('SessionStore while the shared store is unreachable', () => {
  let kv: FlakyStore;
  let store: SessionStore;

  beforeEach(async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    kv = new FlakyStore();
    store = new SessionStore(kv, 86_400);
    await store.onApplicationBootstrap();
  });

  afterEach(async () => {
    await store.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('changes a session locally instead of failing, and serves the changed copy', async () => {
    const session = await store.create(fields);
    kv.down = true;
    await expect(store.update({ ...session, protocolVersion: '2024-11-05' })).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(10_000);
    expect((await store.get(session.id))?.protocolVersion).toBe('2024-11-05');
  });

  it('writes sessions begun during the outage to the store within one flush interval of its return, then stops', async () => {
    kv.down = true;
    const first = await store.create(fields);
    const second = await store.create(fields);
    await jest.advanceTimersByTimeAsync(FLUSH_EVERY_MS * 4);
    kv.down = false;
    await jest.advanceTimersByTimeAsync(FLUSH_EVERY_MS);
    expect(await kv.get(key(first.id))).not.toBeNull();
    expect(await kv.get(key(second.id))).not.toBeNull();
    expect(jest.getTimerCount()).toBe(1); // only the prune interval is left
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
    await expect(store.end(session.id)).resolves.toBe(true);
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
    await expect(store.end(session.id)).rejects.toMatchObject({ code: 'dependency_unavailable' });
    expect(await store.get(session.id)).toEqual(session);
  });

  it('ends a session here even when the broadcast fails after the delete', async () => {
    const session = await store.create(fields);
    const ended: string[] = [];
    store.onEnded((sessionId) => ended.push(sessionId));
    kv.publishFails = true;
    await expect(store.end(session.id)).resolves.toBe(true);
    expect(ended).toEqual([session.id]);
    expect(await store.get(session.id)).toBeUndefined();
  });
});
