import { DomainError } from '@lfc/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CodeAnalysis, SourceInput, analyzeSource } from './analyze-source';

const WORKER_FILE = join(__dirname, 'analysis.worker.js');
const POOL_SIZE = 2;
/** Longest an analysis may run; a file that takes longer is refused rather than allowed to hog a core. */
export const ANALYSIS_TIMEOUT_MS = 10_000;

interface Pending {
  resolve: (analysis: CodeAnalysis) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Analysis is CPU-bound and some inputs are slow by nature, so it runs in worker threads: the
 * executor keeps answering other calls, and an analysis over its time limit is stopped by ending
 * its worker. Where the compiled worker is absent (unit tests run the TypeScript sources), it runs
 * inline.
 */
export class AnalysisRunner {
  private readonly workers: (Worker | undefined)[] = Array.from({ length: POOL_SIZE }, () => undefined);
  private readonly pending = new Map<number, Pending & { slot: number }>();
  private nextId = 1;
  private nextSlot = 0;

  constructor(private readonly timeoutMs = ANALYSIS_TIMEOUT_MS) {}

  run(input: SourceInput): Promise<CodeAnalysis> {
    if (!existsSync(WORKER_FILE)) return Promise.resolve(analyzeSource(input));
    const slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % POOL_SIZE;
    const worker = this.workerAt(slot);
    const id = this.nextId++;
    return new Promise<CodeAnalysis>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // A worker cannot be interrupted mid-analysis; ending it is the only way to stop one.
        void this.workers[slot]?.terminate();
        this.workers[slot] = undefined;
        reject(new DomainError('deadline_exceeded', `the analysis did not finish within ${this.timeoutMs / 1000} s; try a smaller file`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, slot });
      worker.postMessage({ id, input });
    });
  }

  private workerAt(slot: number): Worker {
    const existing = this.workers[slot];
    if (existing) return existing;
    const worker = new Worker(WORKER_FILE);
    // Idle workers must not keep a stopping executor alive.
    worker.unref();
    worker.on('message', (message: { id: number; result?: CodeAnalysis; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result as CodeAnalysis);
    });
    worker.on('error', (error) => this.failSlot(slot, error));
    worker.on('exit', () => {
      if (this.workers[slot] === worker) this.workers[slot] = undefined;
    });
    this.workers[slot] = worker;
    return worker;
  }

  private failSlot(slot: number, error: Error): void {
    this.workers[slot] = undefined;
    for (const [id, pending] of this.pending) {
      if (pending.slot !== slot) continue;
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }
}
