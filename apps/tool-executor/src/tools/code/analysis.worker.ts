import { parentPort } from 'node:worker_threads';
import { SourceInput, analyzeSource } from './analyze-source';

/** Runs analyses off the executor's event loop (see analysis-runner.ts). */
parentPort?.on('message', (message: { id: number; input: SourceInput }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: analyzeSource(message.input) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});

// Loading the analysers (the TypeScript compiler among them) takes a while; time limits start after it.
parentPort?.postMessage({ ready: true });
