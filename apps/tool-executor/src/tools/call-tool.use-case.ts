import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger, describeIssues, DomainError, errorMessage, InjectLogger } from '@lfc/common';
import { CallerContext, ToolCallResult } from '@lfc/contracts';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter, Histogram } from 'prom-client';
import { z } from 'zod';
import { CachePolicy } from '../cache/cache-policy';
import { readTags, writeTags } from '../cache/cache-tags';
import { ResultCache, cacheKey } from '../cache/result-cache';
import type { CacheTtlSettings } from '../config';
import { mapDeprecatedArguments, withDeprecations } from './deprecated-arguments';
import { ToolDefinition } from './tool-definition';
import { ToolRegistry } from './tool-registry';

export const TOOL_TIMEOUT_MS = Symbol('TOOL_TIMEOUT_MS');
/** Injection token of LFC_TOOL_CACHE_TTL_SECONDS, checked against the tools found. */
export const CACHE_TTLS = Symbol('CACHE_TTLS');
/**
 * How long after a presigned upload URL expires its upload may still be arriving (S3 checks the
 * expiry when the request starts, and 100 MB can take minutes), so reads of the path stay uncached.
 */
export const UPLOAD_GRACE_SECONDS = 600;

const tracer = trace.getTracer('lfc-tool-executor');
const neverAborted = new AbortController().signal;

/** The abort reason of a call whose caller went away, which is a cancellation, not a failure. */
export class CallerHungUp extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('the caller went away');
  }
}

export type ProgressListener = (progress: number, total?: number, message?: string) => void;

export interface CallToolCommand {
  name: string;
  arguments: Record<string, unknown>;
  caller: CallerContext;
  /** The gateway-signed claim of the caller, forwarded unchanged on calls made for them. */
  callerClaim: string;
  deadline: number | undefined;
  requestId: string;
  /** Receives the tool's progress reports, when the caller streams them. */
  progress?: ProgressListener;
  /**
   * The call's one abort controller, from a transport that can tell when the caller goes away (the
   * gateway relays an MCP cancellation by hanging up): it aborts it with a `CallerHungUp`, and the
   * use case aborts it at the deadline. Without one, the use case makes its own.
   */
  abort?: AbortController;
  /** The person confirmed this very call (asked by the gateway after a `confirmation_required`). */
  confirmed?: boolean;
}

function toolError(message: string): ToolCallResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Bad arguments, each named. An unknown one (often a misspelling: `chunkSize` for `chunk_size`) is
 * listed with the arguments the tool does take.
 */
function describeArguments(tool: ToolDefinition, error: z.ZodError): string {
  const known = tool.input instanceof z.ZodObject ? Object.keys(tool.input.shape) : [];
  const unknown = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys : [],
  );
  const others = error.issues.filter((issue) => !(issue.code === 'unrecognized_keys' && issue.path.length === 0));
  const parts = [
    ...(unknown.length > 0
      ? [
          `unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (${tool.name} takes ${known.length > 0 ? known.join(', ') : 'no arguments'})`,
        ]
      : []),
    ...(others.length > 0 ? [describeIssues(new z.ZodError(others))] : []),
  ];
  return `Invalid arguments for ${tool.name}: ${parts.join('; ')}`;
}

/**
 * Runs one tool. Problems the caller can fix (bad arguments, a refused path) come back as a tool
 * error (`isError: true`) naming the reason, as MCP asks; only an unknown tool is a protocol error,
 * and a call the person must confirm first is `confirmation_required` (the gateway asks them), its
 * details naming the tool and the policy that asks.
 */
@Injectable()
export class CallToolUseCase implements OnApplicationBootstrap {
  private readonly logger: AppLogger;
  /**
   * Built once the registry has found every tool (in its onModuleInit, which Nest finishes
   * everywhere before any onApplicationBootstrap), so a TTL naming no tool stops the start.
   */
  private cachePolicy: CachePolicy | undefined;

  constructor(
    private readonly registry: ToolRegistry,
    private readonly cache: ResultCache,
    @Inject(CACHE_TTLS) private readonly cacheTtls: CacheTtlSettings,
    @Inject(TOOL_TIMEOUT_MS) private readonly maxTimeoutMs: number,
    @InjectLogger() logger: AppLogger,
    @InjectMetric('lfc_tool_calls_total') private readonly toolCalls: Counter<'tool' | 'outcome'>,
    @InjectMetric('lfc_tool_call_duration_seconds') private readonly toolDuration: Histogram<'tool'>,
    @InjectMetric('lfc_deprecated_arguments_total')
    private readonly deprecatedArguments: Counter<'tool' | 'argument'>,
  ) {
    this.logger = logger.child({ context: 'CallTool' });
  }

  onApplicationBootstrap(): void {
    this.cachePolicy = new CachePolicy(this.cacheTtls, this.registry.all());
  }

  async execute(command: CallToolCommand): Promise<ToolCallResult> {
    const tool = this.toolNamed(command.name);
    const started = performance.now();
    const result = await tracer
      .startActiveSpan(`tool ${tool.name}`, async (span) => {
        span.setAttribute('lfc.tool', tool.name);
        try {
          const outcome = await this.run(command, tool);
          if (outcome.isError) span.setStatus({ code: SpanStatusCode.ERROR });
          return outcome;
        } finally {
          span.end();
        }
      })
      .catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'confirmation_required') {
          this.toolCalls.inc({ tool: tool.name, outcome: 'confirmation_required' });
        }
        throw error;
      });
    const cancelled = command.abort?.signal.reason instanceof CallerHungUp;
    // Said once per call, with the tool's own account of how far it got (e.g. the bytes a stream read).
    if (cancelled) {
      const account = result.content[0]?.text;
      this.logger.info(
        `tool ${tool.name} cancelled by the caller (request ${command.requestId}): ${typeof account === 'string' ? account : ''}`,
      );
    }
    this.toolCalls.inc({ tool: tool.name, outcome: cancelled ? 'cancelled' : result.isError ? 'error' : 'ok' });
    this.toolDuration.observe({ tool: tool.name }, (performance.now() - started) / 1000);
    return result;
  }

  /** The tool, or the protocol error an unknown name is. */
  toolNamed(name: string): ToolDefinition {
    const tool = this.registry.get(name);
    if (!tool) throw new DomainError('unknown_tool', `Unknown tool: ${name}`, { tool: name });
    return tool;
  }

  private async run(command: CallToolCommand, tool: ToolDefinition): Promise<ToolCallResult> {
    const mapped = mapDeprecatedArguments(tool, command.arguments);
    if ('conflict' in mapped) return toolError(mapped.conflict);
    for (const { argument } of mapped.deprecations) this.deprecatedArguments.inc({ tool: tool.name, argument });
    // Added after the cache: its entries are keyed by the renamed arguments and shared with calls that
    // use the current names, so a hit says it as well and a stored answer never does.
    return withDeprecations(await this.answer(command, tool, mapped.arguments), mapped.deprecations);
  }

  private async answer(
    command: CallToolCommand,
    tool: ToolDefinition,
    rawArgs: Record<string, unknown>,
  ): Promise<ToolCallResult> {
    const args = tool.input.safeParse(rawArgs);
    if (!args.success) return toolError(describeArguments(tool, args.error));
    // Before the cache and the tool: nothing changes, and no stored answer is given, until the person says yes.
    // A `budget_overruns` tool learns whether to ask as it runs (cost-accounting decides as it
    // records), so only the key's own policy is asked about here.
    const policy = tool.confirmationPolicy ?? 'destructive_calls';
    const policyAsks = policy === 'destructive_calls' && command.caller.confirmDestructiveCalls === true;
    if (tool.confirmation && policyAsks && command.confirmed !== true) {
      let question: string | undefined;
      try {
        question = await tool.confirmation(args.data, {
          caller: command.caller,
          callerClaim: command.callerClaim,
          signal: command.abort?.signal ?? neverAborted,
        });
      } catch (error) {
        return this.failed(tool, command, error);
      }
      if (question !== undefined) {
        throw new DomainError('confirmation_required', question, { tool: tool.name, policy });
      }
    }
    const tenant = command.caller.tenant;
    const objects = tool.objects?.(args.data) ?? {};
    if (!this.cachePolicy) throw new Error('a tool is called before the application has started');
    const ttl = this.cachePolicy.ttlOf(tool);
    // The arguments name what a read reads, so its tags (and their versions) are known before it runs.
    const lookup =
      ttl > 0
        ? await this.cache.get(tool.name, cacheKey(tool.name, tenant, args.data), readTags(tenant, objects))
        : undefined;
    if (lookup?.hit) return lookup.hit;
    const result = await this.runTool(command, tool, args.data);
    // Dropped whatever the outcome: a write that failed half-way may still have changed the object.
    if (objects.writes?.length) {
      const hold =
        objects.writableForSeconds === undefined || result.isError
          ? 0
          : objects.writableForSeconds + UPLOAD_GRACE_SECONDS;
      await this.cache.invalidate(tool.name, writeTags(tenant, objects.writes), hold);
    }
    if (lookup?.miss && !result.isError) await this.cache.put(lookup.miss, result, ttl);
    return result;
  }

  private async runTool(command: CallToolCommand, tool: ToolDefinition, args: unknown): Promise<ToolCallResult> {
    // A deadline already behind us (the request waited in a queue) still means "no time left", never a negative budget.
    const timeoutMs = Math.max(
      0,
      Math.min(this.maxTimeoutMs, command.deadline ? command.deadline - Date.now() : Infinity),
    );
    // The first reason stays: a caller that leaves after the deadline does not make a timeout a cancellation.
    const controller = command.abort ?? new AbortController();
    // Gone while the call was checked or looked up in the cache: nobody is left to read the answer.
    if (controller.signal.reason instanceof CallerHungUp)
      return toolError(`${tool.name} was not run: the caller went away`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new DomainError('deadline_exceeded', `${tool.name} did not finish within ${Math.round(timeoutMs)} ms`));
      }, timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        tool.execute(args, {
          caller: command.caller,
          callerClaim: command.callerClaim,
          signal: controller.signal,
          progress: command.progress,
          confirmed: command.confirmed === true,
        }),
        timedOut,
      ]);
      if (!('structured' in outcome)) return { content: [{ type: 'text', text: outcome.text }], isError: false };
      const structured = tool.output ? tool.output.parse(outcome.structured) : outcome.structured;
      return {
        content: [{ type: 'text', text: outcome.text ?? JSON.stringify(structured) }],
        structuredContent: structured as Record<string, unknown>,
        isError: false,
      };
    } catch (error) {
      // A tool that learns only as it runs that the person must say yes first (track_token_usage:
      // cost-accounting refused to record unasked) is asked the same way as one that says so before.
      if (error instanceof DomainError && error.code === 'confirmation_required') throw error;
      return this.failed(tool, command, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A tool's failure as its caller sees it: a refusal's own words, or an internal error with the request id. */
  private failed(tool: ToolDefinition, command: CallToolCommand, error: unknown): ToolCallResult {
    if (error instanceof DomainError) return toolError(error.message);
    this.logger.error({ err: error }, `tool ${tool.name} failed: ${errorMessage(error)}`);
    return toolError(`${tool.name} failed with an internal error (request id ${command.requestId})`);
  }
}
