import { MemoryKeyValueStore } from './memory-store';

describe('MemoryKeyValueStore', () => {
  let store: MemoryKeyValueStore;
  let clock: jest.SpyInstance<number, []>;
  const start = Date.now();

  beforeEach(() => {
    store = new MemoryKeyValueStore();
    clock = jest.spyOn(Date, 'now').mockReturnValue(start);
  });

  afterEach(async () => {
    clock.mockRestore();
    await store.close();
  });

  it('answers an entry until its TTL passes, then forgets it on read', async () => {
    await store.set('answer', '42', 1);
    clock.mockReturnValue(start + 999);
    expect(await store.get('answer')).toBe('42');
    clock.mockReturnValue(start + 1_000);
    expect(await store.get('answer')).toBeNull();
  });

  it('drops expired entries nobody reads again as later writes come, and keeps the rest', async () => {
    for (let index = 0; index < 25; index++) await store.set(`once:${index}`, 'x', 1);
    await store.set('forever', 'kept');
    await store.set('later', 'kept', 3_600);

    clock.mockReturnValue(start + 2_000);
    // Each write looks at two more entries: 30 writes cover the 27 there were.
    for (let index = 0; index < 30; index++) await store.set(`new:${index}`, 'x', 60);
    // A full pass finds nothing expired left: the writes took all 25.
    expect(store.sweep(start + 2_000, 1_000)).toBe(0);
    expect(await store.get('forever')).toBe('kept');
    expect(await store.get('later')).toBe('kept');
    expect(await store.get('new:0')).toBe('x');
  });

  it('sweeps a batch at a time, going round again from the start when it reaches the end', async () => {
    for (const key of ['a', 'b', 'c']) await store.set(key, 'x', 1);
    // Wherever the writes left it, three batches of two cover the three entries.
    const dropped = [store.sweep(start + 2_000, 2), store.sweep(start + 2_000, 2), store.sweep(start + 2_000, 2)];
    expect(dropped.reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(store.sweep(start + 2_000, 10)).toBe(0);
  });
});
