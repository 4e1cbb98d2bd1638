import { MemoryResultStore, TagKeys } from './result-stores';

const tag = (name: string): TagKeys => ({
  entries: `${name}:entries`,
  version: `${name}:version`,
  hold: `${name}:hold`,
});

describe('MemoryResultStore', () => {
  /** An answer that takes about a third of a 10,000-byte store (with its key and the entry overhead). */
  const third = 'x'.repeat(1500);

  const present = async (store: MemoryResultStore, keys: string[]) => {
    const found: string[] = [];
    for (const key of keys) if ((await store.get(key, [])).value !== undefined) found.push(key);
    return found;
  };

  it('keeps what it holds under its size bound by letting the oldest entries go first', async () => {
    const store = new MemoryResultStore(10_000);
    for (const key of ['a', 'b', 'c', 'd', 'e']) expect(await store.put(key, third, 60, [], [])).toBe('stored');
    expect(await present(store, ['a', 'b', 'c', 'd', 'e'])).toEqual(['c', 'd', 'e']);
  });

  it('counts an entry stored again under the same key once', async () => {
    const store = new MemoryResultStore(10_000);
    await store.put('kept', third, 60, [], []);
    for (let time = 0; time < 10; time++) await store.put('again', third, 60, [], []);
    expect(await present(store, ['kept', 'again'])).toEqual(['kept', 'again']);
  });

  it('gives the room of invalidated and expired entries back', async () => {
    const store = new MemoryResultStore(10_000);
    await store.put('old', third, 60, [], []);
    await store.put('tagged-1', third, 60, [tag('file')], ['']);
    await store.put('expired', third, -1, [], []);
    await store.invalidate([tag('file')], 0);
    expect((await store.get('expired', [])).value).toBeUndefined();
    // Room for two more without letting `old` go: the invalidated and the expired entries are gone.
    await store.put('new-1', third, 60, [], []);
    await store.put('new-2', third, 60, [], []);
    expect(await present(store, ['old', 'tagged-1', 'new-1', 'new-2'])).toEqual(['old', 'new-1', 'new-2']);
  });

  it('invalidates by tag after entries went for room: what the tag holds now goes, the rest stays', async () => {
    const store = new MemoryResultStore(10_000);
    await store.put('first', third, 60, [tag('file')], ['']);
    await store.put('second', third, 60, [], []);
    await store.put('third', third, 60, [], []);
    await store.put('fourth', third, 60, [], []);
    expect(await present(store, ['first'])).toEqual([]);
    const versions = (await store.get('fresh', [tag('file')])).versions;
    expect(await store.put('fresh', third, 60, [tag('file')], versions)).toBe('stored');
    await store.invalidate([tag('file')], 0);
    expect(await present(store, ['second', 'third', 'fourth', 'fresh'])).toEqual(['third', 'fourth']);
  });
});
