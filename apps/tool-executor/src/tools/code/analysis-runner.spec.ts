import { DomainError } from '@lfc/common';
import { Worker } from 'node:worker_threads';
import { AnalysisRunner } from './analysis-runner';
import type { CodeAnalysis } from './analyze-source';

/**
 * A stand-in for analysis.worker.ts speaking the same protocol. A job's text says what it does:
 * `gate:N` records its start in `started[N]` (the order it started, from 1) and blocks until the test
 * opens `gates[N]`, then answers `{ text }` and says it holds `workerData.heldBytes`; `load:N` does
 * the same after saying it compiled a grammar; `hang` never finishes; `grow` allocates until the
 * heap limit ends the worker.
 */
const FAKE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const gates = new Int32Array(workerData.gates);
const started = new Int32Array(workerData.started);
parentPort.on('message', ({ id, input }) => {
  if (input.text === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (input.text === 'grow') {
    const kept = [];
    for (;;) kept.push(new Array(1024).fill(kept.length));
  }
  if (input.text.startsWith('load:')) parentPort.postMessage({ id, grammarLoaded: true });
  const job = Number(input.text.split(':')[1]);
  Atomics.store(started, job + 1, Atomics.add(started, 0, 1) + 1);
  Atomics.notify(started, job + 1);
  Atomics.wait(gates, job, 0);
  parentPort.postMessage({ id, result: { text: input.text }, heldBytes: workerData.heldBytes });
});
parentPort.postMessage({ ready: true });
`;

const MIB = 1024 * 1024;

const JOBS = 16;

/** Node has Atomics.waitAsync (since 16); the project's TypeScript library (ES2022) does not declare it yet. */
type WaitAsync = (
  cells: Int32Array,
  index: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (cells: Int32Array, index: number, value: number): ReturnType<WaitAsync> =>
  (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(cells, index, value);

/** `heldBytes`: what each fake worker says it holds after a job (the runner replaces it above 64 MiB). */
function harness(options: { maxQueuedPerTenant?: number; heldBytes?: number } = {}) {
  const gates = new Int32Array(new SharedArrayBuffer(4 * JOBS));
  // Cell 0 counts starts; cell N + 1 holds the start order of job N.
  const started = new Int32Array(new SharedArrayBuffer(4 * (JOBS + 1)));
  const workers: Worker[] = [];
  /** Workers that answered a job, and when each ended. */
  const answered = new Set<Worker>();
  const exited = new Map<Worker, Promise<void>>();
  /** Time limits the runner armed, in order, fired by the test instead of a clock. */
  const limits: Array<{ fire: () => void; disarmed: boolean }> = [];
  const limitWaiters = new Set<{ count: number; resolve: () => void }>();
  /** Resolves once the runner has armed `count` time limits in all. */
  const armed = (count: number): Promise<void> =>
    limits.length >= count
      ? Promise.resolve()
      : new Promise((resolve) => {
          const waiter = {
            count,
            resolve: () => {
              limitWaiters.delete(waiter);
              resolve();
            },
          };
          limitWaiters.add(waiter);
        });
  const runner = new AnalysisRunner({
    timeoutMs: 1000,
    poolSize: 2,
    maxQueuedPerTenant: options.maxQueuedPerTenant ?? JOBS,
    maxHeapMb: 16,
    recycleAboveBytes: 64 * MIB,
    spawn: (resourceLimits) => {
      const worker = new Worker(FAKE_WORKER, {
        eval: true,
        resourceLimits,
        workerData: { gates: gates.buffer, started: started.buffer, heldBytes: options.heldBytes ?? MIB },
      });
      workers.push(worker);
      worker.on('message', (message: object) => {
        if ('id' in message) answered.add(worker);
      });
      exited.set(worker, new Promise((resolve) => worker.once('exit', () => resolve())));
      return worker;
    },
    schedule: (callback) => {
      const limit = { fire: callback, disarmed: false };
      limits.push(limit);
      for (const waiter of [...limitWaiters]) if (limits.length >= waiter.count) waiter.resolve();
      return () => {
        limit.disarmed = true;
      };
    },
  });
  const run = (tenant: string, text: string, signal?: AbortSignal) =>
    runner.run(tenant, { text }, signal) as Promise<CodeAnalysis & { text: string }>;
  const open = (job: number): void => {
    Atomics.store(gates, job, 1);
    Atomics.notify(gates, job);
  };
  /** Resolves with the start order of a job once it has started. */
  const startOf = async (job: number): Promise<number> => {
    const waiting = waitAsync(started, job + 1, 0);
    if (waiting.async) await waiting.value;
    return Atomics.load(started, job + 1);
  };
  const hasStarted = (job: number): boolean => Atomics.load(started, job + 1) !== 0;
  const close = async (): Promise<void> => {
    for (let job = 0; job < JOBS; job++) open(job);
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  const exitOf = (worker: Worker): Promise<void> => exited.get(worker) ?? Promise.reject(new Error('not a worker'));
  return { run, open, startOf, hasStarted, limits, armed, workers, answered, exitOf, close };
}

describe('AnalysisRunner', () => {
  it('gives a tenant waiting behind another tenant’s pile of slow jobs the next free worker', async () => {
    const h = harness();
    try {
      const pile = Array.from({ length: 10 }, (_, job) => h.run('tenant-a', `gate:${job}`));
      // Two workers take the first two jobs at once; which of them starts first is the threads' race.
      expect((await Promise.all([h.startOf(0), h.startOf(1)])).sort()).toEqual([1, 2]);
      const single = h.run('tenant-b', 'gate:10');
      h.open(0);
      await expect(pile[0]).resolves.toEqual({ text: 'gate:0' });
      // The first worker to free up goes to tenant-b, not to tenant-a's third job.
      expect(await h.startOf(10)).toBe(3);
      expect(h.hasStarted(2)).toBe(false);
      h.open(10);
      await expect(single).resolves.toEqual({ text: 'gate:10' });
      for (let job = 1; job < 10; job++) h.open(job);
      expect((await Promise.all(pile)).map((result) => result.text)).toEqual(
        Array.from({ length: 10 }, (_, job) => `gate:${job}`),
      );
    } finally {
      await h.close();
    }
  });

  it('ends exactly the worker of a job over its time limit; the job next to it finishes', async () => {
    const h = harness();
    try {
      const slow = h.run('tenant-a', 'hang');
      const other = h.run('tenant-b', 'gate:0');
      await h.startOf(0);
      expect(h.limits.length).toBe(2);
      let exits = 0;
      const firstExit = Promise.race(
        h.workers.map((worker) => new Promise((resolve) => worker.once('exit', () => resolve(++exits)))),
      );
      // The slow job's time limit passes.
      h.limits[0]?.fire();
      await expect(slow).rejects.toMatchObject({
        code: 'deadline_exceeded',
        message: expect.stringContaining('did not finish within 1000 ms'),
      });
      await firstExit;
      h.open(0);
      await expect(other).resolves.toEqual({ text: 'gate:0' });
      expect(h.limits[1]?.disarmed).toBe(true);
      expect(exits).toBe(1);
      // The next job gets a fresh worker in place of the ended one.
      const next = h.run('tenant-a', 'gate:1');
      h.open(1);
      await expect(next).resolves.toEqual({ text: 'gate:1' });
    } finally {
      await h.close();
    }
  });

  it('refuses more waiting jobs than one tenant may queue, naming the limit', async () => {
    const h = harness({ maxQueuedPerTenant: 2 });
    try {
      const running = [h.run('tenant-a', 'gate:0'), h.run('tenant-a', 'gate:1')];
      await Promise.all([h.startOf(0), h.startOf(1)]);
      const waiting = [h.run('tenant-a', 'gate:2'), h.run('tenant-a', 'gate:3')];
      const refused = await h.run('tenant-a', 'gate:4').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('2 analyses waiting') });
      // Another tenant still gets in.
      const other = h.run('tenant-b', 'gate:5');
      for (const job of [0, 1, 2, 3, 5]) h.open(job);
      await Promise.all([...running, ...waiting, other]);
    } finally {
      await h.close();
    }
  });

  it('drops a waiting job whose caller went away, and ends the worker of a running one', async () => {
    const h = harness();
    try {
      const running = new AbortController();
      const waiting = new AbortController();
      const first = h.run('tenant-a', 'gate:0', running.signal);
      const second = h.run('tenant-a', 'gate:1');
      await Promise.all([h.startOf(0), h.startOf(1)]);
      const third = h.run('tenant-a', 'gate:2', waiting.signal);
      waiting.abort();
      await expect(third).rejects.toMatchObject({
        code: 'deadline_exceeded',
        message: expect.stringContaining('before the analysis started'),
      });
      running.abort();
      await expect(first).rejects.toMatchObject({
        code: 'deadline_exceeded',
        message: expect.stringContaining('while the analysis ran'),
      });
      h.open(1);
      await expect(second).resolves.toEqual({ text: 'gate:1' });
      expect(h.hasStarted(2)).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('fails an analysis over the heap limit with 413 naming the limit, and runs the next on a fresh worker', async () => {
    const h = harness();
    try {
      await expect(h.run('tenant-a', 'grow')).rejects.toMatchObject({
        code: 'payload_too_large',
        message: expect.stringContaining('more than the 16 MiB of memory one analysis may use'),
      });
      const next = h.run('tenant-a', 'gate:0');
      h.open(0);
      await expect(next).resolves.toEqual({ text: 'gate:0' });
    } finally {
      await h.close();
    }
  });

  it('replaces a worker that holds more memory after a job than it may keep; one under it serves on', async () => {
    const heavy = harness({ heldBytes: 65 * MIB });
    const light = harness({ heldBytes: 64 * MIB });
    try {
      for (const h of [heavy, light]) {
        for (let job = 0; job < 3; job++) {
          const done = h.run('tenant-a', `gate:${job}`);
          h.open(job);
          await expect(done).resolves.toEqual({ text: `gate:${job}` });
        }
      }
      // Each of the heavy runner's jobs ran on a worker of its own, each ended after its job.
      expect(heavy.answered.size).toBe(3);
      await Promise.all([...heavy.answered].map(heavy.exitOf));
      // The light runner's workers served on: three jobs, at most two workers.
      expect(light.answered.size).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all([heavy.close(), light.close()]);
    }
  });

  it('starts a job’s time limit again once its worker has compiled the grammar it needed', async () => {
    const h = harness();
    try {
      const analysis = h.run('tenant-a', 'load:0');
      // The limit armed when the job was given out is replaced by one from the end of the compilation.
      await h.armed(2);
      expect(h.limits.length).toBe(2);
      expect(h.limits.map((limit) => limit.disarmed)).toEqual([true, false]);
      h.open(0);
      await expect(analysis).resolves.toEqual({ text: 'load:0' });
      expect(h.limits[1]?.disarmed).toBe(true);
    } finally {
      await h.close();
    }
  });
});
