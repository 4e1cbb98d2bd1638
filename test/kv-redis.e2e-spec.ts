import { randomBytes } from 'node:crypto';
import { RedisKeyValueStore } from '@lfc/kv';
import { waitFor } from './support/admin-api';
import { REDIS_URL } from './support/suite';

describe('RedisKeyValueStore pub/sub on the real Redis', () => {
  const prefix = `lfc-test-${randomBytes(4).toString('hex')}:`;

  it('delivers to every subscriber of a channel subscribed at once, until each unsubscribes', async () => {
    const store = new RedisKeyValueStore(REDIS_URL, prefix);
    await store.connect();
    try {
      const first: string[] = [];
      const second: string[] = [];
      const [stopFirst, stopSecond] = await Promise.all([
        store.subscribe('news', (message) => first.push(message)),
        store.subscribe('news', (message) => second.push(message)),
      ]);
      expect(await store.publish('news', 'one')).toBe(1);
      await waitFor(() => Promise.resolve(first.length === 1 && second.length === 1), 2000);
      await stopFirst();
      await store.publish('news', 'two');
      await waitFor(() => Promise.resolve(second.length === 2), 2000);
      expect(first).toEqual(['one']);
      await stopSecond();
      expect(await store.publish('news', 'three')).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('tells every caller waiting on one SUBSCRIBE that it failed', async () => {
    const store = new RedisKeyValueStore(REDIS_URL, prefix);
    await store.connect();
    await store.close();
    const outcomes = await Promise.allSettled([
      store.subscribe('gone', () => undefined),
      store.subscribe('gone', () => undefined),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
