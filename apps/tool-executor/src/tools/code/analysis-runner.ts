import { DomainError } from '@lfc/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import { CodeAnalysis, SourceInput, analyzeSource } from './analyze-source';

const WORKER_FILE = join(__dirname, 'analysis.worker.js');

/** What the configuration decides about analyze_code. */
export interface AnalysisLimits {
  /** Longest one analysis may run once it has a worker. */
  timeoutMs: number;
  /** Largest source analysed, in bytes of UTF-8. */
  maxBytes: number;
  /** V8 heap one worker may use, in MiB; an analysis needing more ends its worker and fails with 413. */
  maxHeapMb: number;
}

export interface AnalysisRunnerOptions {
  /** Longest one analysis may run once it has a worker; the wait for a worker does not count. */
  timeoutMs: number;
  /** Worker threads shared by every tenant. */
  poolSize: number;
  /** Analyses one tenant may have waiting; more are refused rather than queued without end. */
  maxQueuedPerTenant: number;
  /** V8 heap one worker may use, in MiB (the worker's `resourceLimits`); named in the 413 of an analysis over it. */
  maxHeapMb: number;
  /**
   * Memory a worker may keep after a job (its V8 heap plus the tree-sitter runtime's WASM memory, as
   * it reports them) before it is replaced by a fresh one. Neither shrinks once grown, so without this
   * one large file would set the executor's size for the rest of its life.
   */
  recycleAboveBytes: number;
  /**
   * Starts a worker speaking analysis.worker.ts's protocol, within `limits`. By default the compiled
   * worker, or none where it is absent (unit tests run the TypeScript sources): the analysis then
   * runs inline.
   */
  spawn?: (limits: ResourceLimits) => Worker;
  /** Arms a job's time limit and returns its disarm; `setTimeout` unless a test drives the clock. */
  schedule?: (callback: () => void, ms: number) => () => void;
}

function scheduleWithTimers(callback: () => void, ms: number): () => void {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
}

interface Job {
  tenant: string;
  input: SourceInput;
  signal: AbortSignal | undefined;
  resolve: (analysis: CodeAnalysis) => void;
  reject: (error: Error) => void;
  onAbort?: () => void;
  /** Set while the job runs: the id its worker answers with, and the disarm of its time limit. */
  id?: number;
  disarm?: () => void;
}

/** One worker thread and the job it runs, if any; a worker runs one job at a time. */
interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
}

/**
 * What a worker says: it is ready; it compiled a grammar for a job (whose time limit then starts
 * again, so it measures the analysis, not the compilation); or how a job ended and how much memory
 * it holds now (see `recycleAboveBytes`).
 */
export type WorkerMessage =
  | { ready: true }
  | { id: number; grammarLoaded: true }
  | { id: number; result?: CodeAnalysis; error?: string; heldBytes: number };

/**
 * Analysis is CPU-bound and some inputs are slow by nature, so it runs in worker threads: the
 * executor keeps answering other calls. A worker takes one job at a time, so the clock of a job
 * starts when its worker starts it, and ending the worker of a job over its time limit stops that
 * job and nothing else. Waiting jobs queue per tenant and a free worker goes to the tenant with the
 * fewest running jobs (the one served longest ago among equals): one tenant's pile of slow files
 * delays another tenant's file by at most one running job.
 */
export class AnalysisRunner {
  private readonly slots: (Slot | undefined)[];
  /** Waiting jobs per tenant; a tenant moves to the back of this (insertion-ordered) map whenever it is served. */
  private readonly queues = new Map<string, Job[]>();
  private readonly running = new Map<string, number>();
  private readonly spawn: ((limits: ResourceLimits) => Worker) | undefined;
  private readonly schedule: (callback: () => void, ms: number) => () => void;
  private nextId = 1;

  constructor(private readonly options: AnalysisRunnerOptions) {
    this.slots = Array.from({ length: options.poolSize }, () => undefined);
    this.spawn =
      options.spawn ??
      (existsSync(WORKER_FILE) ? (limits) => new Worker(WORKER_FILE, { resourceLimits: limits }) : undefined);
    this.schedule = options.schedule ?? scheduleWithTimers;
  }

  run(tenant: string, input: SourceInput, signal?: AbortSignal): Promise<CodeAnalysis> {
    if (!this.spawn) return analyzeSource(input);
    const queue = this.queues.get(tenant) ?? [];
    if (queue.length >= this.options.maxQueuedPerTenant) {
      return Promise.reject(
        new DomainError(
          'rate_limited',
          `you already have ${queue.length} analyses waiting, the most one caller may queue; try again when they finish`,
        ),
      );
    }
    return new Promise<CodeAnalysis>((resolve, reject) => {
      const job: Job = { tenant, input, signal, resolve, reject };
      if (signal) {
        job.onAbort = () => this.cancel(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      queue.push(job);
      this.queues.set(tenant, queue);
      this.dispatch();
    });
  }

  /** Gives every idle worker a job, starting workers while jobs wait. */
  private dispatch(): void {
    for (let index = 0; index < this.slots.length && this.queues.size > 0; index++) {
      const slot = this.slots[index] ?? this.start(index);
      if (!slot.ready || slot.job) continue;
      const job = this.takeNext();
      if (job) this.assign(slot, job);
    }
  }

  /** The first waiting job of the tenant with the fewest running jobs, the one served longest ago among equals. */
  private takeNext(): Job | undefined {
    let chosen: string | undefined;
    for (const tenant of this.queues.keys()) {
      if (chosen === undefined || (this.running.get(tenant) ?? 0) < (this.running.get(chosen) ?? 0)) chosen = tenant;
    }
    if (chosen === undefined) return undefined;
    const queue = this.queues.get(chosen) as Job[];
    const job = queue.shift();
    this.queues.delete(chosen);
    if (queue.length > 0) this.queues.set(chosen, queue);
    return job;
  }

  private assign(slot: Slot, job: Job): void {
    this.running.set(job.tenant, (this.running.get(job.tenant) ?? 0) + 1);
    this.armTimeLimit(slot, job);
    job.id = this.nextId++;
    slot.job = job;
    slot.worker.postMessage({ id: job.id, input: job.input });
  }

  /** Starts (or starts again) the clock of the job `slot` runs. */
  private armTimeLimit(slot: Slot, job: Job): void {
    job.disarm?.();
    job.disarm = this.schedule(() => {
      this.stop(
        slot,
        new DomainError(
          'deadline_exceeded',
          `the analysis did not finish within ${this.options.timeoutMs} ms; try a smaller file`,
        ),
      );
    }, this.options.timeoutMs);
  }

  private start(index: number): Slot {
    const spawn = this.spawn as (limits: ResourceLimits) => Worker;
    const worker = spawn({ maxOldGenerationSizeMb: this.options.maxHeapMb });
    // Idle workers must not keep a stopping executor alive.
    worker.unref();
    const slot: Slot = { worker, ready: false };
    this.slots[index] = slot;
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        // Loading the analysers (the TypeScript compiler among them) takes a while; time limits start after it.
        slot.ready = true;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      if ('grammarLoaded' in message) {
        this.armTimeLimit(slot, job);
        return;
      }
      this.finish(slot, job);
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message.result as CodeAnalysis);
      if (message.heldBytes > this.options.recycleAboveBytes) this.release(slot);
      this.dispatch();
    });
    worker.on('error', (error) => this.stop(slot, this.workerFailure(error)));
    worker.on('exit', () => this.stop(slot, new Error('the analysis worker stopped unexpectedly')));
    return slot;
  }

  /** A worker over its heap limit failed on its input, not on a fault of ours: the caller can send less. */
  private workerFailure(error: Error): Error {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') return error;
    return new DomainError(
      'payload_too_large',
      `the analysis needed more than the ${this.options.maxHeapMb} MiB of memory one analysis may use; try a smaller file`,
    );
  }

  /** Ends the worker of `slot` and fails the one job it was running; a slot already stopped is left alone. */
  private stop(slot: Slot, error: Error): void {
    if (!this.release(slot)) return;
    if (slot.job) {
      const job = slot.job;
      this.finish(slot, job);
      job.reject(error);
    }
    this.dispatch();
  }

  /** Ends the worker of `slot` and frees its place for a fresh one; false when it was ended already. */
  private release(slot: Slot): boolean {
    const index = this.slots.indexOf(slot);
    if (index < 0) return false;
    this.slots[index] = undefined;
    // A worker cannot be interrupted mid-analysis; ending it is the only way to stop one.
    void slot.worker.terminate();
    return true;
  }

  private finish(slot: Slot, job: Job): void {
    job.disarm?.();
    slot.job = undefined;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    const running = (this.running.get(job.tenant) ?? 1) - 1;
    if (running > 0) this.running.set(job.tenant, running);
    else this.running.delete(job.tenant);
  }

  /** The caller went away: a waiting job leaves the queue, a running one stops with its worker. */
  private cancel(job: Job): void {
    const queue = this.queues.get(job.tenant);
    const position = queue?.indexOf(job) ?? -1;
    if (queue && position >= 0) {
      queue.splice(position, 1);
      if (queue.length === 0) this.queues.delete(job.tenant);
      job.reject(new DomainError('deadline_exceeded', 'analyze_code was cancelled before the analysis started'));
      return;
    }
    const slot = this.slots.find((candidate) => candidate?.job === job);
    if (slot)
      this.stop(slot, new DomainError('deadline_exceeded', 'analyze_code was cancelled while the analysis ran'));
  }
}
