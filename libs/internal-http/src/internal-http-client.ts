import {
  DEADLINE_HEADER,
  DomainError,
  REQUEST_ID_HEADER,
  RequestContext,
  childTraceparent,
  isErrorCode,
  registeredMetric,
  tracingPropagates,
} from '@lfc/common';
import { CALLER_CLAIM_HEADER, ErrorResponseSchema, SERVICE_TOKEN_HEADER, ServiceName } from '@lfc/contracts';
import { Gauge, Histogram } from 'prom-client';
import { Pool, errors as undiciErrors } from 'undici';
import { z } from 'zod';
import { BreakerState, CircuitBreaker, CircuitBreakerOptions } from './circuit-breaker';
import { ServiceTokenIssuer } from './service-token';

export interface InternalClientOptions {
  timeoutMs: number;
  /** Extra attempts for idempotent calls after a failure of the dependency (not for 4xx answers). */
  retries: number;
  breaker: CircuitBreakerOptions;
  connections: number;
}

export const DEFAULT_INTERNAL_CLIENT_OPTIONS: InternalClientOptions = {
  timeoutMs: 5000,
  retries: 2,
  breaker: { failureThreshold: 5, openMs: 5000 },
  connections: 128,
};

export interface InternalCall<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  response: z.ZodType<T>;
  context?: RequestContext;
  /** The gateway-signed claim of the end user this call is made for (none for a service's own calls). */
  callerClaim?: string;
  timeoutMs?: number;
  /** Safe to send twice; only such calls are retried after the request may have reached the server. */
  idempotent?: boolean;
  /**
   * Asks for an NDJSON answer (`{"event": …}` lines, then one `{"result": …}` line) and hands each
   * event over as it arrives; used to relay progress of long calls.
   */
  onEvent?: (event: unknown) => void;
  /** Aborts the call (the caller cancelled); never retried. */
  signal?: AbortSignal;
}

/** Reads `{"event"}` lines as they come and returns the text of the final `{"result"}`. */
async function readEvents(body: AsyncIterable<Buffer>, onEvent: (event: unknown) => void): Promise<string> {
  let buffered = '';
  let result = '';
  const take = (line: string) => {
    if (line.trim().length === 0) return;
    const parsed = JSON.parse(line) as { event?: unknown; result?: unknown };
    if ('result' in parsed) result = JSON.stringify(parsed.result);
    else onEvent(parsed.event);
  };
  for await (const chunk of body) {
    buffered += chunk.toString('utf8');
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      take(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  }
  take(buffered);
  return result;
}

const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

const breakerGauge = registeredMetric(
  'lfc_circuit_breaker_state',
  () =>
    new Gauge({
      name: 'lfc_circuit_breaker_state',
      help: 'Circuit breaker state per internal target (0 closed, 1 half-open, 2 open)',
      labelNames: ['target'],
    }),
);

const callDuration = registeredMetric(
  'lfc_internal_request_duration_seconds',
  () =>
    new Histogram({
      name: 'lfc_internal_request_duration_seconds',
      help: 'Latency of internal service calls by target and outcome',
      labelNames: ['target', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 180],
    }),
);

/** Connection errors where the request never reached the server, so any call may be sent again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function errorCodeOf(error: unknown): string | undefined {
  const seen = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof seen?.code === 'string') return seen.code;
  if (typeof seen?.cause?.code === 'string') return seen.cause.code;
  return undefined;
}

/**
 * The one way services talk to each other: a keep-alive pool per target, per-call timeout bounded by
 * the caller's deadline, bounded retries, a circuit breaker, and request id / trace context / service
 * token on every call. Answers are validated against the shared zod contract.
 */
export class InternalHttpClient {
  private readonly pool: Pool;
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly target: ServiceName,
    baseUrl: string,
    private readonly tokens: ServiceTokenIssuer,
    private readonly options: InternalClientOptions = DEFAULT_INTERNAL_CLIENT_OPTIONS,
  ) {
    this.pool = new Pool(baseUrl, { connections: options.connections, keepAliveTimeout: 30_000 });
    this.breaker = new CircuitBreaker(options.breaker, (state) =>
      breakerGauge.set({ target }, BREAKER_STATE_VALUE[state]),
    );
    breakerGauge.set({ target }, 0);
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  async call<T>(call: InternalCall<T>): Promise<T> {
    const attempts = 1 + this.options.retries;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(call);
      } catch (error) {
        const retryable = error instanceof RetryableFailure && (call.idempotent === true || error.notSent);
        if (!retryable || attempt >= attempts) throw error instanceof RetryableFailure ? error.domainError : error;
        await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt + Math.random() * 25));
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async attempt<T>(call: InternalCall<T>): Promise<T> {
    if (!this.breaker.tryAcquire()) {
      throw new DomainError('dependency_unavailable', `${this.target} is unavailable (circuit open)`, {
        dependency: this.target,
      });
    }
    const deadline = call.context?.deadline;
    const timeoutMs = Math.min(call.timeoutMs ?? this.options.timeoutMs, deadline ? deadline - Date.now() : Infinity);
    if (timeoutMs <= 0) {
      this.breaker.recordSuccess();
      throw new DomainError('deadline_exceeded', `deadline passed before calling ${this.target}`);
    }
    const headers: Record<string, string> = {
      [SERVICE_TOKEN_HEADER]: await this.tokens.tokenFor(this.target),
      [DEADLINE_HEADER]: String(deadline ?? Date.now() + timeoutMs),
    };
    // With OpenTelemetry on, its undici instrumentation injects the client span's context.
    if (!tracingPropagates()) headers.traceparent = childTraceparent(call.context?.traceparent);
    if (call.context) headers[REQUEST_ID_HEADER] = call.context.requestId;
    if (call.callerClaim !== undefined) headers[CALLER_CLAIM_HEADER] = call.callerClaim;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.onEvent) headers.accept = 'application/x-ndjson';

    const started = performance.now();
    let statusCode: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method: call.method,
        path: call.path,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        headersTimeout: timeoutMs,
        ...(call.signal ? { signal: call.signal } : {}),
        bodyTimeout: timeoutMs,
      });
      statusCode = response.statusCode;
      const streamed =
        call.onEvent && statusCode < 400 && String(response.headers['content-type']).startsWith('application/x-ndjson');
      text = streamed && call.onEvent ? await readEvents(response.body, call.onEvent) : await response.body.text();
    } catch (error) {
      this.observe(started, 'network_error');
      if (call.signal?.aborted) {
        this.breaker.recordSuccess();
        throw new DomainError('deadline_exceeded', `the call to ${this.target} was cancelled`);
      }
      if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
        this.breaker.recordFailure();
        throw new DomainError('deadline_exceeded', `${this.target} did not answer within ${Math.round(timeoutMs)} ms`);
      }
      this.breaker.recordFailure();
      const code = errorCodeOf(error);
      throw new RetryableFailure(
        new DomainError('dependency_unavailable', `${this.target} is unreachable (${code ?? 'connection failed'})`, {
          dependency: this.target,
        }),
        code !== undefined && NOT_SENT_CODES.has(code),
      );
    }

    if (statusCode >= 500) {
      this.observe(started, 'server_error');
      this.breaker.recordFailure();
      throw new RetryableFailure(
        new DomainError('dependency_unavailable', `${this.target} failed with status ${statusCode}`, {
          dependency: this.target,
        }),
        false,
      );
    }
    this.breaker.recordSuccess();
    const body = this.parse(text);
    if (statusCode >= 400) {
      this.observe(started, 'client_error');
      const parsed = ErrorResponseSchema.safeParse(body);
      if (parsed.success && isErrorCode(parsed.data.error.code)) {
        throw new DomainError(parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
      }
      throw new DomainError('dependency_unavailable', `${this.target} refused the call with status ${statusCode}`);
    }
    this.observe(started, 'ok');
    const parsed = call.response.safeParse(body);
    if (!parsed.success) {
      throw new DomainError('dependency_unavailable', `${this.target} answered outside its contract`, {
        dependency: this.target,
        issues: parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      });
    }
    return parsed.data;
  }

  private parse(text: string): unknown {
    if (text.length === 0) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  private observe(started: number, outcome: string): void {
    callDuration.observe({ target: this.target, outcome }, (performance.now() - started) / 1000);
  }
}

class RetryableFailure extends Error {
  constructor(
    readonly domainError: DomainError,
    /** The request certainly never reached the server. */
    readonly notSent: boolean,
  ) {
    super(domainError.message);
  }
}
