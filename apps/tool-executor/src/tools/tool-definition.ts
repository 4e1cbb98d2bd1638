import { Injectable, applyDecorators } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { CallerContext, ConfirmationPolicy, ToolAnnotationsSchema } from '@lfc/contracts';
import type { z } from 'zod';
import type { TouchedObjects } from '../cache/cache-tags';

export interface ToolExecution {
  caller: CallerContext;
  /**
   * The gateway-signed claim of the caller, for tools that call another service for them (it alone
   * convinces that service who the caller is). Optional: tools working on their own never read it,
   * and a service asked without it refuses.
   */
  callerClaim?: string;
  /** Aborted when the caller's deadline passes or the call is cancelled. */
  signal: AbortSignal;
  /**
   * Reports how far a long tool has got (MCP progress notifications when the client asked for
   * them); absent when nobody listens, so tools call it as `execution.progress?.(…)`.
   */
  progress?: (progress: number, total?: number, message?: string) => void;
  /** The person confirmed this very call (their answer to the tool's question). */
  confirmed?: boolean;
}

/** A tool's answer: structured data (validated against its output schema) and/or text. */
export type ToolOutcome<O> = { structured: O; text?: string } | { text: string };

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  input: I;
  output?: O;
  /**
   * Names the original LangFlow Connect server gave arguments, by the argument each now names
   * (`{ file_path: 'path' }`), so its clients keep working. `CallToolUseCase` renames them before
   * validation and reports each use in the result's `_meta`; they stay out of the input schema, so
   * no client is offered them.
   */
  deprecatedArguments?: Readonly<Record<string, string>>;
  /**
   * Honest hints, in MCP's sense: clients use them to decide whether to ask the user before a call
   * or whether a retry is safe. `idempotentHint` is about effects on the environment (MCP gives it
   * meaning only for tools that are not read-only), not about getting the same answer twice: that is
   * `cacheable`.
   */
  annotations: Omit<z.infer<typeof ToolAnnotationsSchema>, 'title'>;
  /**
   * Whether results may be served from the result cache (for LFC_TOOL_CACHE_TTL_SECONDS). Only for
   * read-only, idempotent tools whose answer depends on nothing but the arguments and the files
   * `objects` names, since a write to those is the only thing that drops a cached answer: not for
   * tools answering the time, live figures, data kept by another service, or progress reports.
   */
  cacheable?: boolean;
  /**
   * The stored files a call reads, lists or writes (paths in the caller's file space). Cached
   * results are tagged with what they read; a call that writes drops them. `writableForSeconds`:
   * the written paths may still change this long after the call, out of the executor's sight (a
   * presigned upload URL), so no read of them is cached until then.
   */
  objects?(args: z.infer<I>): TouchedObjects;
  /**
   * For a tool whose call may need the person's yes: the question to put to them before this call
   * runs, or undefined when this call needs none (a write creating a new file, usage that keeps every
   * budget under its limit). Asked only when `confirmationPolicy` applies and the call does not carry
   * the person's yes yet, before the result cache and `execute`, so nothing has changed while the
   * question is open. A failure to decide is the call's tool error: nothing runs unasked.
   */
  confirmation?(
    args: z.infer<I>,
    execution: Pick<ToolExecution, 'caller' | 'callerClaim' | 'signal'>,
  ): Promise<string | undefined>;
  /**
   * Whose policy asks for the person's yes. `destructive_calls` (the default): the caller's key's,
   * so `confirmation` is asked only when the key wants destructive calls confirmed.
   * `budget_overruns`: the budgets' (`confirmOverrun`), which only cost-accounting holds and decides
   * on as it records: `execute` throws `confirmation_required` with the question instead of
   * recording, and is called again with `confirmed` on the person's yes.
   */
  confirmationPolicy?: ConfirmationPolicy;
  execute(args: z.infer<I>, execution: ToolExecution): Promise<ToolOutcome<z.infer<O>>>;
}

const toolMarker = DiscoveryService.createDecorator<undefined>();

/** The metadata key `ToolRegistry` asks Nest's `DiscoveryService` for. */
export const TOOL_METADATA_KEY = toolMarker.KEY;

/**
 * Makes a class a tool: an injectable provider (its constructor names what it uses, so the DI graph
 * shows it) that `ToolRegistry` finds at start. Typed so that only a `ToolDefinition` can carry it.
 */
export function Tool(): (target: abstract new (...args: never[]) => ToolDefinition) => void {
  return applyDecorators(Injectable(), toolMarker());
}
