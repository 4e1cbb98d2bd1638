import { unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import { Gauge, Histogram } from 'prom-client';
import type { InternalHttpMetrics } from './internal-http-client';

/** The clients' metrics outside the process's registry, so tests do not share series (ADR 010). */
export function unregisteredInternalHttpMetrics(): InternalHttpMetrics {
  return {
    breakerState: new Gauge({
      name: 'lfc_circuit_breaker_state',
      help: 'breaker',
      labelNames: ['target'],
      registers: [],
    }),
    callDuration: new Histogram({
      name: 'lfc_internal_request_duration_seconds',
      help: 'calls',
      labelNames: ['target', 'outcome'],
      registers: [],
    }),
    health: unregisteredDependencyHealthMetrics(),
  };
}
