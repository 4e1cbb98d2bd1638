import type { ServerResponse } from 'node:http';
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DomainError } from '../errors/domain-error';
import { AdaptiveInFlightLimit } from './in-flight-limit';

export interface AdmissionLimits {
  /** Requests one process works on at once, at most (the ceiling of the adaptive limit). */
  maxInFlight: number;
  /** Requests waiting for a place, in arrival order; past it a request is refused at once (0: no waiting). */
  maxQueued: number;
  /** Longest a request waits for a place before it is refused. */
  queueTimeoutMs: number;
  /** Event-loop delay above which fewer requests are let in at once (`AdaptiveInFlightLimit`); 0 keeps `maxInFlight`. */
  loopDelayTargetMs: number;
}

/** How often the in-flight limit follows the event loop's delay. */
const ADAPT_INTERVAL_MS = 250;
/** How often the loop's delay is sampled: often enough to see turns of a few milliseconds. */
const LOOP_DELAY_RESOLUTION_MS = 5;

export const SHED_REASONS = ['queue_full', 'queue_timeout'] as const;
export type ShedReason = (typeof SHED_REASONS)[number];

/**
 * What a refused client is told to wait. A replica sheds only while it is full, which lasts as
 * long as a burst; a longer wait would leave capacity idle after it, and clients (or the load
 * balancer, on to another replica) add their own backoff.
 */
export const RETRY_AFTER_SECONDS = 1;

/** Where a request goes on: without an error into its route, with one into the error handler. */
type Proceed = (error?: DomainError) => void;

/**
 * Admission control of one process: at most the in-flight limit (`maxInFlight`, lowered while the
 * event loop's turns are long: `AdaptiveInFlightLimit`) requests are worked on at once, up to
 * `maxQueued` more wait (first come, first served) for at most `queueTimeoutMs`, and anything past
 * that is answered at once with 503 `overloaded` and `Retry-After`. Under a load the process
 * cannot serve, it thus keeps answering the requests it admits at its normal speed and refuses the
 * rest quickly, instead of slowing every request down until clients time out.
 *
 * A request holds its place until its response closes: sent, or its connection gone. A long-lived
 * stream gives its place back once it is open (`leave`), so streams never use up the places of
 * calls. The hot path allocates nothing: the waiting line is a ring of preallocated slots, one
 * timer serves all of it (every request waits equally long, so the oldest always expires first),
 * and the release listener is one function shared by every response.
 */
export class AdmissionControl {
  private inFlightCount = 0;
  private readonly limit: AdaptiveInFlightLimit;
  /** Whether the in-flight limit queued a request since the limit last adapted. */
  private heldBack = false;
  /** The waiting line: `size` entries from `head`, wrapping around; each slot holds its request's continuation. */
  private readonly proceeds: (Proceed | undefined)[];
  private readonly responses: (ServerResponse | undefined)[];
  private readonly deadlines: Float64Array;
  private head = 0;
  private size = 0;
  /** Armed while anyone waits, for the oldest deadline. */
  private timer: NodeJS.Timeout | undefined;
  private readonly shedCounts: Record<ShedReason, number> = { queue_full: 0, queue_timeout: 0 };
  /** Built once: shedding must cost less than serving, and the refusal is the same for everyone. */
  private readonly refusals: Record<ShedReason, DomainError>;

  constructor(readonly limits: AdmissionLimits) {
    this.limit = new AdaptiveInFlightLimit(limits.maxInFlight, limits.loopDelayTargetMs);
    this.proceeds = new Array<Proceed | undefined>(limits.maxQueued).fill(undefined);
    this.responses = new Array<ServerResponse | undefined>(limits.maxQueued).fill(undefined);
    this.deadlines = new Float64Array(limits.maxQueued);
    const refusal = (reason: ShedReason, message: string) =>
      new DomainError(
        'overloaded',
        `Service overloaded: ${message}; retry after ${RETRY_AFTER_SECONDS} s`,
        { admission: reason },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    this.refusals = {
      queue_full: refusal('queue_full', 'every place and every waiting place is taken'),
      queue_timeout: refusal('queue_timeout', `no place came free within ${limits.queueTimeoutMs} ms`),
    };
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  get queued(): number {
    return this.size;
  }

  /** The in-flight limit now: `limits.maxInFlight`, or less while the event loop is slow. */
  get inFlightLimit(): number {
    return this.limit.current;
  }

  shed(reason: ShedReason): number {
    return this.shedCounts[reason];
  }

  /**
   * Admits a request now, queues it, or refuses it. `proceed` is called exactly once, now or later,
   * unless the client leaves while its request waits (nothing is left to answer then).
   */
  enter(response: ServerResponse, proceed: Proceed): void {
    if (this.inFlightCount < this.limit.current) {
      this.inFlightCount++;
      response.on('close', this.release);
      proceed();
      return;
    }
    if (this.size >= this.limits.maxQueued) {
      this.refuse(proceed, 'queue_full');
      return;
    }
    this.heldBack = true;
    const slot = (this.head + this.size) % this.limits.maxQueued;
    this.proceeds[slot] = proceed;
    this.responses[slot] = response;
    this.deadlines[slot] = performance.now() + this.limits.queueTimeoutMs;
    this.size++;
    if (this.timer === undefined) this.arm(this.limits.queueTimeoutMs);
  }

  /**
   * Moves the in-flight limit after the event loop's delay over the last interval, and lets waiting
   * requests in if it grew.
   */
  adapt(loopDelayMs: number): void {
    const heldBack = this.heldBack || this.size > 0;
    this.heldBack = false;
    this.limit.adjust(loopDelayMs, this.inFlightCount, heldBack);
    while (this.inFlightCount < this.limit.current && this.size > 0) {
      this.inFlightCount++;
      if (!this.admitNext()) this.inFlightCount--;
    }
  }

  /**
   * Adapts the in-flight limit every `ADAPT_INTERVAL_MS` to the event loop's delay, measured with
   * `monitorEventLoopDelay`. Does nothing without a delay target. The timer keeps no process alive.
   */
  followEventLoop(): void {
    if (this.limits.loopDelayTargetMs <= 0) return;
    const delay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    delay.enable();
    setInterval(() => {
      // The 90th percentile: one slow turn (a collection, a large answer) is no reason to let fewer in.
      this.adapt(delay.count > 0 ? delay.percentile(90) / 1e6 : 0);
      delay.reset();
    }, ADAPT_INTERVAL_MS).unref();
  }

  /**
   * Gives back the place of a request that has become a long-lived stream, so that it no longer
   * counts as work in flight; its response closing later releases nothing more. A request that
   * holds no place (an exempt route) is left alone.
   */
  leave(response: ServerResponse): void {
    if (!response.listeners('close').includes(this.release)) return;
    response.removeListener('close', this.release);
    this.release();
  }

  /** Adds the admission hook to every route, as it is added, except those whose URL pattern is `exempt`. */
  install(fastify: FastifyInstance, exempt: (url: string) => boolean): void {
    fastify.addHook('onRoute', (route) => {
      if (exempt(route.url)) return;
      // Once the body is in, not as the request starts: a client trickling a body (no key needed for
      // that) would hold a place for the whole request timeout, and a thousand of them every place.
      // First among the route's own hooks, so nothing of the route's runs before the request is admitted.
      const own = route.preValidation;
      route.preValidation = own === undefined ? [this.hook] : [this.hook, ...(Array.isArray(own) ? own : [own])];
    });
  }

  private readonly hook: preValidationHookHandler = (_request, reply, done) => this.enter(reply.raw, done);

  /**
   * A place came free: the longest-waiting request still connected takes it, unless the limit came
   * down below what is in flight; otherwise it is given back.
   */
  private readonly release = (): void => {
    if (this.inFlightCount > this.limit.current || !this.admitNext()) this.inFlightCount--;
  };

  /** Lets the longest-waiting request still connected in, on a place already counted; false if none waits. */
  private admitNext(): boolean {
    while (this.size > 0) {
      const proceed = this.proceeds[this.head];
      const response = this.responses[this.head];
      this.dequeue();
      // Its client left while it waited: nothing to answer.
      if (proceed === undefined || response === undefined || response.destroyed) continue;
      response.on('close', this.release);
      proceed();
      return true;
    }
    return false;
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    while (this.size > 0 && this.oldestDeadline() <= now) {
      const proceed = this.proceeds[this.head];
      const response = this.responses[this.head];
      this.dequeue();
      if (proceed !== undefined && response !== undefined && !response.destroyed) this.refuse(proceed, 'queue_timeout');
    }
    if (this.size > 0) this.arm(this.oldestDeadline() - now);
  };

  private oldestDeadline(): number {
    return this.deadlines[this.head] ?? Number.POSITIVE_INFINITY;
  }

  private dequeue(): void {
    this.proceeds[this.head] = undefined;
    this.responses[this.head] = undefined;
    this.head = (this.head + 1) % this.limits.maxQueued;
    this.size--;
  }

  private arm(delayMs: number): void {
    // Waiting requests do not keep a stopping process alive: their connections do, until drained.
    this.timer = setTimeout(this.expire, Math.max(1, Math.ceil(delayMs))).unref();
  }

  private refuse(proceed: Proceed, reason: ShedReason): void {
    this.shedCounts[reason]++;
    proceed(this.refusals[reason]);
  }
}
