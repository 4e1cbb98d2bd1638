import type { CallerContext, ToolAnnotationsSchema } from '@lfc/contracts';
import type { z } from 'zod';
import type { ToolDependencies } from './tool-dependencies';

export interface ToolExecution {
  caller: CallerContext;
  /** Aborted when the caller's deadline passes or the call is cancelled. */
  signal: AbortSignal;
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
