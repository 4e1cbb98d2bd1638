/**
 * `work` on every item, at most `limit` items at a time; the answers come in the items' order. The
 * first failure rejects the whole, as `Promise.all` does, and items not yet started are left alone.
 */
export async function mapAtMost<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One iterator shared by every lane: each takes the next item not yet taken.
  const queue = items.entries();
  let failed = false;
  const lane = async (): Promise<void> => {
    for (let next = queue.next(); !next.done && !failed; next = queue.next()) {
      const [index, item] = next.value;
      try {
        results[index] = await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, lane));
  return results;
}
