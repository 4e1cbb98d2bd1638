import { DynamicModule, InjectionToken, Module, OptionalFactoryDependency } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import type { ModuleImports } from '../module-imports';
import { LIVENESS_FIELDS, LivenessFields, READINESS_CHECKS, ReadinessCheck } from './readiness';

export interface HealthOptions {
  /** The service's ObservabilityModule (for the draining flag) and the modules the checks inject from. */
  imports: ModuleImports;
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  readinessChecks: (...deps: never[]) => ReadinessCheck[];
  /** Fields the service adds to /health (the gateway's `tools_count`), made from what `inject` names. */
  liveness?: { inject: InjectionToken[]; fields: (...deps: never[]) => LivenessFields };
}

/** /health and /ready; /ready checks each dependency of the service live, /health none. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [...options.imports, TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.readinessChecks },
        {
          provide: LIVENESS_FIELDS,
          inject: options.liveness?.inject ?? [],
          useFactory: options.liveness?.fields ?? (() => () => ({})),
        },
      ],
    };
  }
}
