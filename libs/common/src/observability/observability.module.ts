import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HttpMetrics, httpMetricProviders } from './http-metrics';
import { ServiceLifecycle } from './readiness';
import { ResourceLimitMetrics, resourceLimitMetricProviders } from './resource-limits';
import { ProcessStats, SERVICE_NAME } from './process-stats';

/** /metrics and the process-wide facts (lifecycle, process figures), the same on every service. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: { service: string }): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          defaultMetrics: { enabled: true, config: { prefix: 'lfc_' } },
          defaultLabels: { service: options.service },
        }),
      ],
      providers: [
        ServiceLifecycle,
        ...httpMetricProviders,
        HttpMetrics,
        ...resourceLimitMetricProviders,
        ResourceLimitMetrics,
        { provide: SERVICE_NAME, useValue: options.service },
        ProcessStats,
      ],
      exports: [ServiceLifecycle, ProcessStats, HttpMetrics],
    };
  }
}
