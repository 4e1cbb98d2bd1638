import { Module } from '@nestjs/common';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { DependencyHealthMetrics, dependencyHealthMetricProviders } from './dependency-health';

/** The metrics every `DependencyHealth` of the service updates; the factory of its owner passes them in. */
export const DEPENDENCY_HEALTH_METRICS = Symbol('DEPENDENCY_HEALTH_METRICS');

/**
 * `DEPENDENCY_HEALTH_METRICS` for the modules whose classes construct a `DependencyHealth`. Imported by
 * each of them; Nest keeps one instance per service, and the metric providers answer with the metric
 * already registered under their name, so the series are the same whoever imports it.
 */
@Module({
  providers: [
    ...dependencyHealthMetricProviders,
    {
      provide: DEPENDENCY_HEALTH_METRICS,
      inject: [getToken('lfc_dependency_up'), getToken('lfc_dependency_outages_total')],
      useFactory: (up: Gauge<'dependency'>, outages: Counter<'dependency'>): DependencyHealthMetrics => ({
        up,
        outages,
      }),
    },
  ],
  exports: [DEPENDENCY_HEALTH_METRICS],
})
export class ResilienceModule {}
