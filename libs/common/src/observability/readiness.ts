/** One dependency the service needs before it can take traffic (database, Redis, blob store, a downstream service). */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/**
 * Fields a service adds to its /health answer. Read on every probe, so they come from memory:
 * liveness never waits on a dependency.
 */
export type LivenessFields = () => Record<string, unknown>;

export const LIVENESS_FIELDS = Symbol('LIVENESS_FIELDS');

/** Set when the process starts draining, so /ready fails and the load balancer stops sending traffic. */
export class ServiceLifecycle {
  draining = false;
  readonly startedAt = Date.now();
}
