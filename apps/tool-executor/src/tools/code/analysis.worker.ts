import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from './analysis-runner';
import { CodeAnalysis, SourceInput, analyzeSource } from './analyze-source';
import { initTreeSitter } from './tree-sitter-analyzer';

/** This thread's V8 heap and the WASM memory of tree-sitter (counted as external): what it keeps of a job. */
function heldBytes(): number {
  const { heapTotal, external } = process.memoryUsage();
  return heapTotal + external;
}

async function answer(message: { id: number; input: SourceInput }): Promise<void> {
  let outcome: { result: CodeAnalysis } | { error: string };
  try {
    outcome = {
      result: await analyzeSource(message.input, {
        // Compiling a grammar is the worker's cost, not the analysis's: the runner restarts its clock.
        grammarLoaded: () => parentPort?.postMessage({ id: message.id, grammarLoaded: true } satisfies WorkerMessage),
      }),
    };
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  const reply: WorkerMessage = { id: message.id, ...outcome, heldBytes: heldBytes() };
  parentPort?.postMessage(reply);
}

/** Runs analyses off the executor's event loop (see analysis-runner.ts). */
parentPort?.on('message', (message: { id: number; input: SourceInput }) => void answer(message));

// Each grammar is compiled when an analysis first needs it (C# alone takes 1.7 s and 90 MiB, and most
// executors never see C#); the time limit of that analysis restarts once it is loaded (grammarLoaded).
// The runtime and the TypeScript compiler (loaded with analyze-source) are needed by nearly every
// analysis, so they load before the worker says it is ready. A runtime that failed to start fails
// each analysis that needs a grammar, not the worker.
void initTreeSitter()
  .catch(() => undefined)
  .then(() => parentPort?.postMessage({ ready: true } satisfies WorkerMessage));
