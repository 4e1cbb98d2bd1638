import { unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import { Counter } from 'prom-client';
import type { ResultCacheMetrics } from './result-cache';

/** The result cache's metrics outside the process's registry, so tests do not share counts (ADR 010). */
export function unregisteredResultCacheMetrics(): ResultCacheMetrics {
  return {
    lookups: new Counter({
      name: 'lfc_tool_cache_requests_total',
      help: 'lookups',
      labelNames: ['tool', 'result'],
      registers: [],
    }),
    invalidations: new Counter({
      name: 'lfc_tool_cache_invalidations_total',
      help: 'invalidations',
      labelNames: ['tool'],
      registers: [],
    }),
    skips: new Counter({
      name: 'lfc_tool_cache_skips_total',
      help: 'skips',
      labelNames: ['tool', 'reason'],
      registers: [],
    }),
    failures: new Counter({
      name: 'lfc_tool_cache_errors_total',
      help: 'errors',
      labelNames: ['operation'],
      registers: [],
    }),
    health: unregisteredDependencyHealthMetrics(),
  };
}
