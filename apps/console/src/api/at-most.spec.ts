import { mapAtMost } from './at-most';

/** A task per item that the test settles by hand, so what runs at once is seen, not timed. */
function controlled() {
  const started: number[] = [];
  const pending = new Map<number, { resolve: (value: string) => void; reject: (error: Error) => void }>();
  const work = (item: number) =>
    new Promise<string>((resolve, reject) => {
      started.push(item);
      pending.set(item, { resolve, reject });
    });
  const settle = async (item: number, outcome: string | Error) => {
    const task = pending.get(item);
    if (!task) throw new Error(`item ${item} has not started`);
    pending.delete(item);
    if (outcome instanceof Error) task.reject(outcome);
    else task.resolve(outcome);
    // Let the lane that finished take its next item.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, running: () => [...pending.keys()], work, settle };
}

describe('mapAtMost', () => {
  it('runs at most `limit` items at once, starts the next as one finishes, and answers in the items’ order', async () => {
    const tasks = controlled();
    const all = mapAtMost([1, 2, 3, 4, 5], 2, tasks.work);
    expect(tasks.running()).toEqual([1, 2]);
    await tasks.settle(2, 'two');
    expect(tasks.running()).toEqual([1, 3]);
    await tasks.settle(3, 'three');
    await tasks.settle(1, 'one');
    expect(tasks.running()).toEqual([4, 5]);
    await tasks.settle(5, 'five');
    await tasks.settle(4, 'four');
    await expect(all).resolves.toEqual(['one', 'two', 'three', 'four', 'five']);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const tasks = controlled();
    const all = mapAtMost([1, 2, 3, 4], 2, tasks.work);
    const refused = new Error('refused');
    const rejection = expect(all).rejects.toBe(refused);
    await tasks.settle(1, refused);
    await rejection;
    await tasks.settle(2, 'two');
    expect(tasks.started).toEqual([1, 2]);
  });

  it('answers nothing for no items, and runs one at a time under a limit below 1', async () => {
    await expect(mapAtMost([], 3, () => Promise.resolve('never'))).resolves.toEqual([]);
    const tasks = controlled();
    const all = mapAtMost([1, 2], 0, tasks.work);
    expect(tasks.running()).toEqual([1]);
    await tasks.settle(1, 'one');
    await tasks.settle(2, 'two');
    await expect(all).resolves.toEqual(['one', 'two']);
  });
});
