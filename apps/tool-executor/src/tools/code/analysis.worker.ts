import { parentPort } from 'node:worker_threads';
import { SourceInput, analyzeSource } from './analyze-source';
import { loadAllGrammars } from './tree-sitter-analyzer';

async function answer(message: { id: number; input: SourceInput }): Promise<void> {
  try {
    parentPort?.postMessage({ id: message.id, result: await analyzeSource(message.input) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
}

/** Runs analyses off the executor's event loop (see analysis-runner.ts). */
parentPort?.on('message', (message: { id: number; input: SourceInput }) => void answer(message));

// Loading the analysers (the TypeScript compiler, the tree-sitter runtime and every grammar) takes
// a while; time limits start after it, so a short limit measures analyses, not WASM compilation.
// A grammar that failed to load fails each analysis that needs it (they await the same promise),
// not the worker.
void loadAllGrammars()
  .catch(() => undefined)
  .then(() => parentPort?.postMessage({ ready: true }));
