import { DynamicModule, InjectionToken, Module, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, ReadinessCheck, ServiceLifecycle } from './readiness';
import { ResourceLimitMetrics } from './resource-limits';
import { ProcessStats, SERVICE_NAME } from './process-stats';

export interface ObservabilityOptions {
  service: string;
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  readinessChecks: (...deps: never[]) => ReadinessCheck[];
}

/** /health, /ready and /metrics, the same on every service. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        ...(options.imports ?? []),
        TerminusModule.forRoot({ logger: false }),
        PrometheusModule.register({
          path: '/metrics',
          defaultMetrics: { enabled: true, config: { prefix: 'lfc_' } },
          defaultLabels: { service: options.service },
        }),
      ],
      controllers: [HealthController],
      providers: [
        ServiceLifecycle,
        ResourceLimitMetrics,
        { provide: SERVICE_NAME, useValue: options.service },
        ProcessStats,
        { provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.readinessChecks },
      ],
      exports: [ServiceLifecycle, ProcessStats],
    };
  }
}
