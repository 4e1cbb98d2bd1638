import { DomainError } from '@lfc/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CodeAnalysis, SourceInput, analyzeSource } from './analyze-source';

const WORKER_FILE = join(__dirname, 'analysis.worker.js');
const POOL_SIZE = 2;

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
  private readonly workers: ({ worker: Worker; ready: Promise<void> } | undefined)[] = Array.from({ length: POOL_SIZE }, () => undefined);
  private readonly pending = new Map<number, Pending & { slot: number }>();
  private nextId = 1;
  private nextSlot = 0;

  /** @param timeoutMs longest an analysis may run; a file that takes longer is refused rather than allowed to hog a core */
  constructor(private readonly timeoutMs: number) {}

  async run(input: SourceInput): Promise<CodeAnalysis> {
    if (!existsSync(WORKER_FILE)) return analyzeSource(input);
    const slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % POOL_SIZE;
    const { worker, ready } = this.workerAt(slot);
    await ready;
    const id = this.nextId++;
    return new Promise<CodeAnalysis>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // A worker cannot be interrupted mid-analysis; ending it is the only way to stop one.
        void this.workers[slot]?.worker.terminate();
        this.workers[slot] = undefined;
        reject(new DomainError('deadline_exceeded', `the analysis did not finish within ${this.timeoutMs} ms; try a smaller file`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, slot });
      worker.postMessage({ id, input });
    });
  }

  private workerAt(slot: number): { worker: Worker; ready: Promise<void> } {
    const existing = this.workers[slot];
    if (existing) return existing;
    const worker = new Worker(WORKER_FILE);
    // Idle workers must not keep a stopping executor alive.
    worker.unref();
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    worker.on('message', (message: { ready?: true; id: number; result?: CodeAnalysis; error?: string }) => {
      if (message.ready) {
        markReady();
        return;
      }
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result as CodeAnalysis);
    });
    worker.on('error', (error) => this.failSlot(slot, error));
    worker.on('exit', () => {
      if (this.workers[slot]?.worker === worker) this.workers[slot] = undefined;
      markReady();
    });
    const entry = { worker, ready };
    this.workers[slot] = entry;
    return entry;
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
