import { MemoryKeyValueStore } from './memory-store';

describe('MemoryKeyValueStore', () => {
  let store: MemoryKeyValueStore;
  const now = Date.now();

  beforeEach(() => {
    store = new MemoryKeyValueStore();
  });

  afterEach(async () => {
    await store.close();
  });

  it('answers an entry until its TTL passes, then forgets it on read', async () => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      await store.set('answer', '42', 1);
      clock.mockReturnValue(now + 999);
      expect(await store.get('answer')).toBe('42');
      clock.mockReturnValue(now + 1_000);
      expect(await store.get('answer')).toBeNull();
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('drops expired entries nobody reads again, a batch at a time, and keeps the rest', async () => {
    for (let index = 0; index < 25; index++) await store.set(`once:${index}`, 'x', 1);
    await store.set('forever', 'kept');
    await store.set('later', 'kept', 3_600);

    expect(store.sweep(now)).toBe(0);
    const later = now + 2_000;
    // 27 entries, 10 looked at per sweep: the third sweep reaches the end, the fourth starts over.
    expect([store.sweep(later, 10), store.sweep(later, 10), store.sweep(later, 10)]).toEqual([10, 10, 5]);
    expect(store.sweep(later, 10)).toBe(0);
    expect(await store.get('forever')).toBe('kept');
    expect(await store.get('later')).toBe('kept');
  });

  it('sweeps entries written while a sweep is under way', async () => {
    await store.set('first', 'x', 1);
    await store.set('second', 'x', 1);
    expect(store.sweep(now, 1)).toBe(0);
    await store.set('third', 'x', 1);
    expect(store.sweep(now + 2_000, 10)).toBe(2);
    expect(store.sweep(now + 2_000, 10)).toBe(1);
  });

  it('sweeps on its own while the process runs', async () => {
    jest.useFakeTimers({ now });
    const timed = new MemoryKeyValueStore();
    try {
      await timed.set('once', 'x', 1);
      jest.setSystemTime(now + 2_000);
      jest.advanceTimersByTime(100);
      // Nothing was left for the explicit sweep: the timer's sweep took it.
      expect(timed.sweep()).toBe(0);
      await timed.set('twice', 'x', 1);
      expect(timed.sweep(now + 4_000)).toBe(1);
    } finally {
      await timed.close();
      jest.useRealTimers();
    }
  });
});
