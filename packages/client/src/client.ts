import createClient from 'openapi-fetch';
import { errorFor } from './errors.js';
import { parseRetryAfter } from './retry-after.js';
import type { components, operations, paths } from './schema.js';

type Schemas = components['schemas'];

/** A tool the caller may call, as tools/list describes it. */
export type Tool = Schemas['ToolDescriptor'];
/** The suite's built-in tools; `callTool` also takes any other name (a deployment may add tools). */
export type ToolName = Schemas['ToolCallRequest']['name'];
/** What a built-in tool takes as arguments. */
export type ToolArguments<N extends ToolName> = NonNullable<
  Extract<Schemas['ToolCallRequest'], { name: N }>['arguments']
>;
/** What a tool answered; `isError` is the tool's own failure, not a refused request (those throw). */
export type ToolCallResult = Schemas['ToolCallResult'];
/** snake_case to PascalCase: the document names a tool's result schema after the tool (ping_x: PingXResult). */
type Pascal<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;
/** What a tool answers: its own result type for a built-in tool, any tool's for another name. */
export type ToolResult<N extends string> = `${Pascal<N>}Result` extends keyof Schemas
  ? Schemas[`${Pascal<N>}Result`]
  : ToolCallResult;
/** An API key as listings show it: never its secret. */
export type ApiKey = Schemas['ApiKeyView'];
/** A created key: `key` is its secret, in this answer and never again. */
export type IssuedApiKey = Schemas['IssuedApiKey'];
/** A new key; settings left out are the server's to choose, a rate limit of `null` is unlimited. */
export type CreateApiKeyRequest = Schemas['CreateApiKey'];
/** Spend and tokens over [from, to), in total and per group; amounts are decimal strings ("0.0125"). */
export type CostSummary = Schemas['CostSummary'];
type CostQuery = NonNullable<operations['getCostSummary']['parameters']['query']>;
/** The period and grouping of a cost summary; what is left out is the server's default (the last 30 days, ungrouped, the caller's key). */
export type CostSummaryQuery = Omit<CostQuery, 'from' | 'to'> & { from?: Date | string; to?: Date | string };

export interface ClientOptions {
  /** Sent as the x-api-key header. */
  apiKey?: string;
  /** Sent as Authorization: Bearer (an access token, or an API key). */
  bearerToken?: string;
  /**
   * How often a 429 (or a 503 with Retry-After: overloaded) is retried after the server's
   * Retry-After. 0, the default, never retries. Those refusals happen before any work, so a retried
   * tool call runs once.
   */
  maxRetries?: number;
  /** The longest Retry-After, in seconds, that a retry waits for; a longer one throws at once. Default 10. */
  maxRetryWait?: number;
  /** The fetch to send with (a proxy agent, a test double); the global fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Per call: an AbortSignal ends the request, and any wait for a retry, when it aborts. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** The retry policy: the wait in seconds for another try of this answer, or undefined to give it back. */
function retryWait(
  response: Response,
  retriesDone: number,
  maxRetries: number,
  maxRetryWait: number,
): number | undefined {
  if (retriesDone >= maxRetries || (response.status !== 429 && response.status !== 503)) return undefined;
  const wait = parseRetryAfter(response.headers.get('retry-after'));
  return wait !== undefined && wait <= maxRetryWait ? wait : undefined;
}

function sleep(seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, seconds * 1000);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}

/** The JSON-RPC form of the tools answers, which only a JSON-RPC request body gets. */
type RpcAnswer = { jsonrpc: '2.0' };

/** Answers `result.data`, or throws the ApiError of a refusal. */
function answer<T extends object>(result: { data?: T; error?: unknown; response: Response }): Exclude<T, RpcAnswer> {
  if (!result.response.ok || result.data === undefined) throw errorFor(result.response, result.error);
  // This client sends plain bodies, so a JSON-RPC answer would be a server fault, not a shape to handle.
  if ('jsonrpc' in result.data)
    throw new Error('langflow-connect: the server answered a plain request in JSON-RPC form');
  return result.data as Exclude<T, RpcAnswer>;
}

/**
 * A client of one LangFlow Connect deployment. `baseUrl` is the gateway's address: it serves the
 * tools and, behind an ingress or with LFC_PUBLIC_API_PROXY, the key and cost APIs.
 */
export class Client {
  private readonly api: ReturnType<typeof createClient<paths>>;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    const send = options.fetch ?? ((request: Request) => fetch(request));
    const maxRetries = options.maxRetries ?? 0;
    const maxRetryWait = options.maxRetryWait ?? 10;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
    if (options.bearerToken !== undefined) headers['authorization'] = `Bearer ${options.bearerToken}`;
    this.api = createClient<paths>({
      baseUrl: baseUrl.replace(/\/+$/, ''),
      headers,
      // Retries below openapi-fetch: each try sends a fresh clone of the request, body included.
      fetch: async (request: Request) => {
        for (let retries = 0; ; retries++) {
          const response = await send(request.clone());
          const wait = retryWait(response, retries, maxRetries, maxRetryWait);
          if (wait === undefined) return response;
          await response.body?.cancel();
          await sleep(wait, request.signal);
        }
      },
    });
  }

  /** The tools this credential may call. */
  async listTools(options: RequestOptions = {}): Promise<Tool[]> {
    return answer(await this.api.POST('/api/v1/tools/list', { body: {}, signal: options.signal })).tools;
  }

  /** Calls a tool; a failure of the tool itself is `isError` in the result, not a throw. */
  callTool<N extends ToolName>(name: N, args?: ToolArguments<N>, options?: RequestOptions): Promise<ToolResult<N>>;
  callTool(name: string, args?: Record<string, unknown>, options?: RequestOptions): Promise<ToolCallResult>;
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options: RequestOptions = {},
  ): Promise<ToolCallResult> {
    // The document types the built-in tools' calls; the overloads already checked this one's shape.
    const body = { name, arguments: args } as Schemas['ToolCallRequest'];
    return answer(await this.api.POST('/api/v1/tools/call', { body, signal: options.signal }));
  }

  /** Creates a key (needs the admin:keys scope). */
  async createApiKey(request: CreateApiKeyRequest, options: RequestOptions = {}): Promise<IssuedApiKey> {
    return answer(await this.api.POST('/api/v1/auth/keys', { body: request, signal: options.signal }));
  }

  /** Revokes a key at once, on every gateway, and answers it with `revokedAt` set. */
  async revokeApiKey(keyId: string, options: RequestOptions = {}): Promise<ApiKey> {
    return answer(
      await this.api.DELETE('/api/v1/auth/keys/{id}', { params: { path: { id: keyId } }, signal: options.signal }),
    );
  }

  /** Spend and tokens over a period (by default the last 30 days). */
  async costSummary(query: CostSummaryQuery = {}, options: RequestOptions = {}): Promise<CostSummary> {
    const instant = (value: Date | string | undefined): string | undefined =>
      value instanceof Date ? value.toISOString() : value;
    const params = { query: { ...query, from: instant(query.from), to: instant(query.to) } };
    return answer(await this.api.GET('/api/v1/cost/summary', { params, signal: options.signal }));
  }
}
