import { Inject, Injectable } from '@nestjs/common';
import { DomainError, RequestContext, parseInput } from '@lfc/common';
import { ToolCallResult, ToolDescriptor, ToolNameSchema, scopesAllowTool } from '@lfc/contracts';
import { z } from 'zod';
import { Principal, callerOf } from '@lfc/identity';
import { ToolCatalogCache } from '../catalog/tool-catalog.cache';
import { BudgetGate } from '../access/budget-gate';
import { ExecutorClient, ToolProgress } from '../downstream/executor.client';
import { ConfirmationChannel, InputRequiredResult, notConfirmed, policyOf } from './confirmation';
import { JsonRpcAnswer, JsonRpcId, rpcError, rpcErrorOf, rpcResult } from './protocol';

export const TOOL_TIMEOUT_MS = Symbol('TOOL_TIMEOUT_MS');

// The name is checked against MCP's rule before anything looks it up or matches scopes against it.
const CallToolParamsSchema = z.object({
  name: ToolNameSchema,
  arguments: z.record(z.string(), z.unknown()).optional(),
});

export interface JsonRpcRequestMessage {
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface DispatchContext {
  principal: Principal;
  request: RequestContext;
  /** Sends a notification to the client during the call (the transport's SSE stream), when there is one. */
  notify?: (message: Record<string, unknown>) => void;
  /** The MCP session, so that `notifications/cancelled` can find the call it names. */
  sessionId?: string;
  /** Aborted when the caller gives up on the call (MCP 2026-07-28 cancels by closing the request). */
  signal?: AbortSignal;
  /**
   * How the person is asked when a tool wants a call confirmed (the key's `confirmDestructiveCalls`,
   * a budget's `confirmOverrun`). Without one, `confirmation_required` is the answer (the HTTP facade: 428).
   */
  confirmation?: ConfirmationChannel;
  /**
   * Told when a `tools/call` fails without an HTTP error status: a JSON-RPC error or a result with
   * `isError` (the transport marks the request's audit record, `toolFailureMark`).
   */
  onToolFailure?: () => void;
}

const neverAborted = new AbortController().signal;

/**
 * The MCP methods the gateway answers, shared by both transports and the HTTP facade. A failure
 * never escapes as an exception from `answer`: it becomes the JSON-RPC error its code maps to.
 */
@Injectable()
export class McpDispatcher {
  constructor(
    private readonly catalog: ToolCatalogCache,
    private readonly executor: ExecutorClient,
    private readonly budgets: BudgetGate,
    @Inject(TOOL_TIMEOUT_MS) private readonly toolTimeoutMs: number,
  ) {}

  /** Calls in flight on this replica, by session and JSON-RPC id, so a client can cancel them. */
  private readonly inFlight = new Map<string, AbortController>();

  /**
   * `notifications/cancelled`: stops the named call if this replica runs it (the executor stops the
   * tool when its request is aborted). A cancellation that lands on another replica is ignored, as
   * MCP allows.
   */
  cancel(sessionId: string, params: unknown): void {
    const requestId = (params as { requestId?: unknown } | undefined)?.requestId;
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
    this.inFlight.get(`${sessionId}:${requestId}`)?.abort();
  }

  async answer(message: JsonRpcRequestMessage, context: DispatchContext): Promise<JsonRpcAnswer> {
    try {
      switch (message.method) {
        case 'ping':
          return rpcResult(message.id, {});
        case 'tools/list':
          return rpcResult(message.id, { tools: this.listTools(context.principal) });
        case 'tools/call':
          return rpcResult(
            message.id,
            await this.cancellable(message.id, context, (signal) => this.callTool(message.params, context, signal)),
          );
        case 'initialize':
          return rpcError(message.id, -32600, 'Invalid Request: this session is already initialized');
        default:
          return rpcError(message.id, -32601, `Method not found: ${message.method}`);
      }
    } catch (error) {
      if (message.method === 'tools/call') context.onToolFailure?.();
      return rpcErrorOf(message.id, error);
    }
  }

  listTools(principal: Principal): ToolDescriptor[] {
    return this.catalog.toolsFor(principal.scopes);
  }

  /** One tool of `listTools`; a tool outside the caller's scopes is as unknown as one that does not exist. */
  describeTool(principal: Principal, name: string): ToolDescriptor {
    const tool = this.listTools(principal).find((candidate) => candidate.name === name);
    if (!tool) throw new DomainError('unknown_tool', `Unknown tool: ${name}`, { tool: name });
    return tool;
  }

  /**
   * Runs `run` so that a `notifications/cancelled` naming `id` in the same session stops it. Without
   * a session nothing can name the call, so it gets the request's own signal and no controller of
   * its own (two allocations and a listener per call saved on the stateless path).
   */
  private async cancellable<T>(
    id: JsonRpcId,
    context: DispatchContext,
    run: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    if (!context.sessionId) return run(context.signal);
    const key = `${context.sessionId}:${id}`;
    const controller = new AbortController();
    // A client that reuses an id (one that hung up on the first call and sends again, a load tool
    // with one id) makes the latest call the one a cancellation names.
    this.inFlight.set(key, controller);
    // A listener rather than AbortSignal.any, which costs tens of µs per call on Node 20.
    const abort = () => controller.abort(context.signal?.reason);
    context.signal?.addEventListener('abort', abort, { once: true });
    try {
      return await run(controller.signal);
    } finally {
      context.signal?.removeEventListener('abort', abort);
      // Only its own handle: a later call with the same id may hold the key now.
      if (this.inFlight.get(key) === controller) this.inFlight.delete(key);
    }
  }

  async callTool(
    params: unknown,
    context: DispatchContext,
    signal?: AbortSignal,
  ): Promise<ToolCallResult | InputRequiredResult> {
    const result = await this.runTool(params, context, signal);
    if (result.isError === true) context.onToolFailure?.();
    return result;
  }

  private async runTool(
    params: unknown,
    context: DispatchContext,
    signal?: AbortSignal,
  ): Promise<ToolCallResult | InputRequiredResult> {
    const { name, arguments: args } = parseInput(CallToolParamsSchema, params ?? {}, 'tools/call params');
    if (!scopesAllowTool(context.principal.scopes, name)) {
      throw new DomainError('insufficient_scope', `This credential may not call the tool ${name}`, { tool: name });
    }
    if (!this.catalog.find(name)) throw new DomainError('unknown_tool', `Unknown tool: ${name}`, { tool: name });
    await this.budgets.check(context.principal, context.request);
    const deadline = Math.min(context.request.deadline ?? Infinity, Date.now() + this.toolTimeoutMs);
    const progressToken = (params as { _meta?: { progressToken?: unknown } } | undefined)?._meta?.progressToken;
    const notify = context.notify;
    // Progress is relayed only when the client asked for it (a progress token) and can receive it.
    const onProgress =
      notify && (typeof progressToken === 'string' || typeof progressToken === 'number')
        ? (progress: ToolProgress) =>
            notify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken, ...progress } })
        : undefined;
    const call = (confirmed: boolean) =>
      this.executor.callTool(
        name,
        args ?? {},
        callerOf(context.principal),
        { ...context.request, deadline },
        { onProgress, signal, confirmed },
      );
    const { confirmation } = context;
    try {
      return await call(confirmation?.confirmed === true);
    } catch (error) {
      // The tool changed nothing yet: the person is asked, and the call runs again only with their yes.
      if (!(error instanceof DomainError) || error.code !== 'confirmation_required' || !confirmation) throw error;
      const outcome = await confirmation.ask(
        { tool: name, arguments: args ?? {}, message: error.message, policy: policyOf(error.details) },
        signal ?? neverAborted,
      );
      if ('answer' in outcome) return outcome.answer;
      if (!outcome.confirmed) return notConfirmed(name);
      return call(true);
    }
  }
}
