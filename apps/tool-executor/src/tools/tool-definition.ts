import type { CallerContext, ToolAnnotationsSchema } from '@lfc/contracts';
import type { z } from 'zod';
import type { ToolDependencies } from './tool-dependencies';

export interface ToolExecution {
  caller: CallerContext;
  /** Aborted when the caller's deadline passes or the call is cancelled. */
  signal: AbortSignal;
  /**
   * Reports how far a long tool has got (MCP progress notifications when the client asked for
   * them); absent when nobody listens, so tools call it as `execution.progress?.(…)`.
   */
  progress?: (progress: number, total?: number, message?: string) => void;
}

/** A tool's answer: structured data (validated against its output schema) and/or text. */
export type ToolOutcome<O> = { structured: O; text?: string } | { text: string };

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  input: I;
  output?: O;
  /** Honest hints: clients use them to decide whether to ask the user before a call. */
  annotations: Omit<z.infer<typeof ToolAnnotationsSchema>, 'title'>;
  /**
   * Seconds a result may be served from the result cache; only read-only, idempotent tools are
   * cached, for LFC_TOOL_CACHE_TTL_SECONDS unless set here (0: never, e.g. a tool answering the time).
   */
  cacheTtlSeconds?: number;
  /**
   * The stored files a call reads, lists or writes (paths in the caller's file space). Cached
   * results are tagged with what they read; a call that writes drops them.
   */
  objects?: (args: z.infer<I>) => { reads?: string[]; lists?: string[]; writes?: string[] };
  execute(args: z.infer<I>, execution: ToolExecution): Promise<ToolOutcome<z.infer<O>>>;
}

/**
 * What a `*.tool.ts` file default-exports: a factory receiving the executor's shared dependencies.
 * Dropping such a file into `tools/` is all it takes to add a tool.
 */
export type ToolFactory = (deps: ToolDependencies) => ToolDefinition;

export function defineTool<I extends z.ZodType, O extends z.ZodType>(
  factory: (deps: ToolDependencies) => ToolDefinition<I, O>,
): ToolFactory {
  return factory as unknown as ToolFactory;
}
