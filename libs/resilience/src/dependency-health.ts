import { makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { CancelTimer, Clock, systemClock } from './clock';
import { DeadlineMissed, withinDeadline } from './within-deadline';

/** The metrics of every `DependencyHealth`, listed in `ResilienceModule`. */
export const dependencyHealthMetricProviders = [
  makeGaugeProvider({
    name: 'lfc_dependency_up',
    help: 'Whether this process is using the dependency (1) or working around its outage (0)',
    labelNames: ['dependency'],
  }),
  makeCounterProvider({
    name: 'lfc_dependency_outages_total',
    help: 'Outages of a dependency this process worked around (a relapse within the same-outage window is not counted again)',
    labelNames: ['dependency'],
  }),
];

/** `lfc_dependency_up` and `lfc_dependency_outages_total`, which `ResilienceModule` hands out as `DEPENDENCY_HEALTH_METRICS`. */
export interface DependencyHealthMetrics {
  up: Gauge<'dependency'>;
  outages: Counter<'dependency'>;
}

/** Where the outage and recovery lines go: the logger of the class that owns the dependency. */
export interface OutageLog {
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/**
 * A call's deadline. A call that misses it is answered by the fallback while its work goes on: its
 * later failure is an outage, and so are `lateForOutage` misses in a row (the calls one stall makes
 * late together count once). A call keeps waiting, up to `maxPeriods` deadlines, while the
 * dependency answers other calls (see `withinDeadline`).
 */
export interface CallDeadline {
  ms: number;
  maxPeriods: number;
  lateForOutage: number;
}

export interface DependencyHealthOptions {
  /** The `dependency` label of `lfc_dependency_up` and `lfc_dependency_outages_total`. */
  dependency: string;
  /** The two metrics (`DEPENDENCY_HEALTH_METRICS` from `ResilienceModule`). */
  metrics: DependencyHealthMetrics;
  log: OutageLog;
  /** The outage's one log line: what failed and what callers get meanwhile. */
  outageMessage: (error: unknown) => string;
  recoveryMessage: string;
  /**
   * Checks the dependency while it is down, every `probeIntervalMs`; calls then go straight to their
   * fallback. Without a probe every call still tries the dependency, and the first one that
   * succeeds ends the outage.
   */
  probe?: () => Promise<void>;
  probeIntervalMs?: number;
  deadline?: CallDeadline;
  /**
   * Losing the dependency again this soon after it came back is the same outage: logged at debug
   * level and not counted again, so a flapping dependency is one line, not one per flap.
   */
  sameOutageMs?: number;
  /** Called as each outage begins, before the first fallback answers (e.g. to start the fallback afresh). */
  onDown?: () => void;
  clock?: Clock;
}

/**
 * One dependency's health as one process sees it: up until a call fails (or misses its deadline
 * too often), then down, which is logged once and shown in `lfc_dependency_up`, until a probe (or a
 * call) succeeds, which is logged once too. `call` runs work against the dependency and answers from
 * the fallback whenever the dependency cannot.
 */
export class DependencyHealth {
  private down = false;
  /** Whether this outage's start was logged at warn level, so its end is logged too. */
  private outageLogged = false;
  private recoveredAt = -Infinity;
  private lateInARow = 0;
  /** When the last late answer that counted was noticed. */
  private lastCountedMissAt = -Infinity;
  /** When the dependency last answered a call. */
  private lastAnswerAt = -Infinity;
  private cancelProbe: CancelTimer | undefined;
  private closed = false;
  private readonly clock: Clock;

  constructor(private readonly options: DependencyHealthOptions) {
    this.clock = options.clock ?? systemClock;
    options.metrics.up.set({ dependency: options.dependency }, 1);
  }

  get up(): boolean {
    return !this.down;
  }

  /**
   * `work` against the dependency, or `fallback` when it fails, misses its deadline, or the
   * dependency is down and probed. Never rejects for the dependency's sake; `fallback` may.
   */
  async call<T, F = T>(work: () => Promise<T>, fallback: () => F | Promise<F>): Promise<T | F> {
    if (this.down && this.options.probe) return fallback();
    const sentAt = this.clock.now();
    let pending: Promise<T>;
    try {
      pending = work();
    } catch (error) {
      this.failed(error);
      return fallback();
    }
    const deadline = this.options.deadline;
    if (!deadline) {
      try {
        const result = await pending;
        this.succeeded();
        return result;
      } catch (error) {
        this.failed(error);
        return fallback();
      }
    }
    pending.then(
      () => {
        this.lastAnswerAt = this.clock.now();
      },
      () => undefined,
    );
    try {
      const result = await withinDeadline(
        pending,
        deadline.ms,
        (since) => this.lastAnswerAt >= since,
        deadline.maxPeriods,
        this.clock,
      );
      this.lateInARow = 0;
      this.succeeded();
      return result;
    } catch (error) {
      if (error instanceof DeadlineMissed) {
        // The work goes on (a late answer still took effect); its failure is an outage.
        pending.catch((failure: unknown) => {
          this.failed(failure);
        });
        this.countLate(sentAt, deadline.lateForOutage);
      } else {
        this.failed(error);
      }
      return fallback();
    }
  }

  /** The dependency failed a call made outside `call`. */
  failed(error: unknown): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.options.metrics.up.set({ dependency: this.options.dependency }, 0);
    this.options.onDown?.();
    const message = this.options.outageMessage(error);
    if (this.clock.now() - this.recoveredAt < (this.options.sameOutageMs ?? 0)) {
      this.options.log.debug(message);
    } else {
      this.options.metrics.outages.inc({ dependency: this.options.dependency });
      this.options.log.warn(message);
      this.outageLogged = true;
    }
    this.scheduleProbe();
  }

  /** The dependency answered a call made outside `call`. */
  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.lateInARow = 0;
    this.cancelProbe?.();
    this.cancelProbe = undefined;
    this.recoveredAt = this.clock.now();
    this.options.metrics.up.set({ dependency: this.options.dependency }, 1);
    if (!this.outageLogged) return;
    this.outageLogged = false;
    this.options.log.info(this.options.recoveryMessage);
  }

  /** Stops probing (shutdown). */
  close(): void {
    this.closed = true;
    this.cancelProbe?.();
    this.cancelProbe = undefined;
  }

  private countLate(sentAt: number, lateForOutage: number): void {
    if (sentAt < this.lastCountedMissAt) return;
    this.lateInARow += 1;
    this.lastCountedMissAt = this.clock.now();
    if (this.lateInARow >= lateForOutage) this.failed(new Error(`answered late ${this.lateInARow} times in a row`));
  }

  /** One probe at a time: the next is set only once the previous one has settled. */
  private scheduleProbe(): void {
    const probe = this.options.probe;
    if (!probe || this.closed) return;
    this.cancelProbe = this.clock.setTimer(() => {
      this.cancelProbe = undefined;
      void this.runProbe(probe);
    }, this.options.probeIntervalMs ?? 250);
  }

  private async runProbe(probe: () => Promise<void>): Promise<void> {
    const deadline = this.options.deadline;
    try {
      await (deadline ? withinDeadline(probe(), deadline.ms, undefined, 1, this.clock) : probe());
      this.succeeded();
    } catch {
      if (this.down) this.scheduleProbe();
    }
  }
}
