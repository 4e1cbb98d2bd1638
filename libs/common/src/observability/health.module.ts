import { DynamicModule, InjectionToken, Module, OptionalFactoryDependency } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import type { ModuleImports } from '../module-imports';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

export interface HealthOptions {
  /** The service's ObservabilityModule (for the draining flag) and the modules the checks inject from. */
  imports: ModuleImports;
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  readinessChecks: (...deps: never[]) => ReadinessCheck[];
}

/** /health and /ready; /ready checks each dependency of the service live. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [...options.imports, TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.readinessChecks }],
    };
  }
}
