import {
  DEADLINE_HEADER,
  DomainError,
  REQUEST_ID_HEADER,
  RequestContext,
  childTraceparent,
  isErrorCode,
  type AppLogger,
  tracingPropagates,
} from '@lfc/common';
import { CALLER_CLAIM_HEADER, ErrorResponseSchema, SERVICE_TOKEN_HEADER, ServiceName } from '@lfc/contracts';
import { DependencyHealth, DependencyHealthMetrics } from '@lfc/resilience';
import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  RetryPolicy,
  circuitBreaker,
  handleWhen,
  retry,
} from 'cockatiel';
import { makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge, Histogram } from 'prom-client';
import { Pool, errors as undiciErrors } from 'undici';
import { z } from 'zod';
import { exchange } from './internal-response';
import { ServiceTokenIssuer } from './service-token';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  openMs: number;
}

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

/** The values `lfc_circuit_breaker_state` has always had (alerts compare with 2); isolation is never used. */
const BREAKER_STATE_VALUE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 2,
};

/** The clients' metrics, listed once per service in `InternalHttpModule`, which hands them to every client. */
export const internalHttpMetricProviders = [
  makeGaugeProvider({
    name: 'lfc_circuit_breaker_state',
    help: 'Circuit breaker state per internal target (0 closed, 1 half-open, 2 open)',
    labelNames: ['target'],
  }),
  makeHistogramProvider({
    name: 'lfc_internal_request_duration_seconds',
    help: 'Latency of internal service calls by target and outcome',
    labelNames: ['target', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 180],
  }),
];

export interface InternalHttpMetrics {
  breakerState: Gauge<'target'>;
  callDuration: Histogram<'target' | 'outcome'>;
  /** `lfc_dependency_up` and `lfc_dependency_outages_total` of the breaker's `DependencyHealth`. */
  health: DependencyHealthMetrics;
}

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
 * the caller's deadline, bounded retries, a circuit breaker (cockatiel, ADR 009), and request id /
 * trace context / service token on every call. Answers are validated against the shared zod contract.
 */
export class InternalHttpClient {
  private readonly pool: Pool;
  /** Opened by consecutive failures of the target (unreachable, timed out, 5xx); any other answer closes it. */
  private readonly breaker: CircuitBreakerPolicy;
  /** Retries for calls safe to send twice, and for those whose request never left. */
  private readonly retryIdempotent: RetryPolicy;
  private readonly retryNotSent: RetryPolicy;
  private readonly health: DependencyHealth;
  private readonly timeoutMs: number;

  constructor(
    private readonly target: ServiceName,
    baseUrl: string,
    private readonly tokens: ServiceTokenIssuer,
    logger: AppLogger,
    private readonly metrics: InternalHttpMetrics,
    options: InternalClientOptions = DEFAULT_INTERNAL_CLIENT_OPTIONS,
  ) {
    this.pool = new Pool(baseUrl, { connections: options.connections, keepAliveTimeout: 30_000 });
    this.timeoutMs = options.timeoutMs;
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof TargetFailure),
      {
        halfOpenAfter: options.breaker.openMs,
        breaker: new ConsecutiveBreaker(options.breaker.failureThreshold),
      },
    );
    const retryWhen = (retryable: (failure: TargetFailure) => boolean) =>
      retry(
        handleWhen((error) => error instanceof TargetFailure && retryable(error)),
        {
          maxAttempts: options.retries,
          backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 250 }),
        },
      );
    this.retryIdempotent = retryWhen((failure) => failure.retry !== 'never');
    this.retryNotSent = retryWhen((failure) => failure.retry === 'always');
    // The breaker decides when the target is down; the health only says so, once, in the log and metric.
    this.health = new DependencyHealth({
      dependency: `service:${target}`,
      metrics: metrics.health,
      log: logger.child({ context: 'InternalHttp' }),
      outageMessage: () =>
        `${target} failed ${options.breaker.failureThreshold} calls in a row: calls to it fail at once, one probe every ${options.breaker.openMs} ms`,
      recoveryMessage: `${target} answers again: calls to it resume`,
    });
    this.breaker.onBreak((reason) => this.health.failed('error' in reason ? reason.error : reason));
    this.breaker.onReset(() => this.health.succeeded());
    this.breaker.onStateChange((state) => this.metrics.breakerState.set({ target }, BREAKER_STATE_VALUE[state]));
    this.metrics.breakerState.set({ target }, 0);
  }

  async call<T>(call: InternalCall<T>): Promise<T> {
    const retrying = call.idempotent === true ? this.retryIdempotent : this.retryNotSent;
    // Before the breaker: a body that cannot be sent is the caller's fault, never the target's.
    const payload = this.serialise(call);
    try {
      // Anything but a failure of the target is an answer: it closes the breaker, and is thrown after.
      const outcome = await retrying.execute(() =>
        this.breaker.execute(() =>
          this.attempt(call, payload).then(
            (value): Outcome<T> => ({ value }),
            (error: unknown): Outcome<T> => {
              if (error instanceof TargetFailure) throw error;
              return { error };
            },
          ),
        ),
      );
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    } catch (error) {
      if (error instanceof TargetFailure) throw error.domainError;
      if (error instanceof BrokenCircuitError) {
        throw new DomainError('dependency_unavailable', `${this.target} is unavailable (circuit open)`, {
          dependency: this.target,
        });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.health.close();
    await this.pool.close();
  }

  private serialise(call: InternalCall<unknown>): string | undefined {
    if (call.body === undefined) return undefined;
    try {
      return JSON.stringify(call.body);
    } catch (error) {
      throw new DomainError(
        'invalid_request',
        `the call to ${this.target} could not be serialised: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async attempt<T>(call: InternalCall<T>, payload: string | undefined): Promise<T> {
    const deadline = call.context?.deadline;
    const timeoutMs = Math.min(call.timeoutMs ?? this.timeoutMs, deadline ? deadline - Date.now() : Infinity);
    if (timeoutMs <= 0) {
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
      ({ statusCode, text } = await exchange(
        this.pool,
        {
          method: call.method,
          path: call.path,
          headers,
          body: payload,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        { signal: call.signal, onEvent: call.onEvent },
      ));
    } catch (error) {
      this.observe(started, 'network_error');
      if (call.signal?.aborted) {
        throw new DomainError('deadline_exceeded', `the call to ${this.target} was cancelled`);
      }
      if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
        throw new TargetFailure(
          new DomainError('deadline_exceeded', `${this.target} did not answer within ${Math.round(timeoutMs)} ms`),
          'never',
        );
      }
      const code = errorCodeOf(error);
      throw new TargetFailure(
        new DomainError('dependency_unavailable', `${this.target} is unreachable (${code ?? 'connection failed'})`, {
          dependency: this.target,
        }),
        code !== undefined && NOT_SENT_CODES.has(code) ? 'always' : 'idempotent',
      );
    }

    if (statusCode >= 500) {
      this.observe(started, 'server_error');
      throw new TargetFailure(
        new DomainError('dependency_unavailable', `${this.target} failed with status ${statusCode}`, {
          dependency: this.target,
        }),
        'idempotent',
      );
    }
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
    this.metrics.callDuration.observe({ target: this.target, outcome }, (performance.now() - started) / 1000);
  }
}

type Outcome<T> = { value: T } | { error: unknown };

/** A failure of the target itself: it counts against the breaker, and `retry` says which calls may be sent again. */
class TargetFailure extends Error {
  constructor(
    readonly domainError: DomainError,
    /** `always`: the request certainly never reached the server; `idempotent`: it may have; `never`: it timed out. */
    readonly retry: 'always' | 'idempotent' | 'never',
  ) {
    super(domainError.message);
  }
}
