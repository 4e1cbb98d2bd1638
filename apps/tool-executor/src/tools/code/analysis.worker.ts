import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from './analysis-runner';
import { CodeAnalysis, SourceInput, analyzeSource } from './analyze-source';
import { loadAllGrammars } from './tree-sitter-analyzer';

/** This thread's V8 heap and the WASM memory of tree-sitter (counted as external): what it keeps of a job. */
function heldBytes(): number {
  const { heapTotal, external } = process.memoryUsage();
  return heapTotal + external;
}

async function answer(message: { id: number; input: SourceInput }): Promise<void> {
  let outcome: { result: CodeAnalysis } | { error: string };
  try {
    outcome = { result: await analyzeSource(message.input) };
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  const reply: WorkerMessage = { id: message.id, ...outcome, heldBytes: heldBytes() };
  parentPort?.postMessage(reply);
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
