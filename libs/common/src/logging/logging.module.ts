import { DynamicModule, Inject, Module } from '@nestjs/common';
import type { AppLogger } from './logger';

/** The service's pino logger: the one way classes log, so every line carries the same structured fields. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/** Injects the service's pino logger; a class keeps `logger.child({ context: '<Class>' })` of it. */
export const InjectLogger = (): PropertyDecorator & ParameterDecorator => Inject(APP_LOGGER);

/**
 * Global on purpose: every class may log, and the logger is created before Nest starts (its
 * framework lines go through `NestPinoLogger` into the same logger).
 */
@Module({})
export class LoggingModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: APP_LOGGER, useValue: logger }],
      exports: [APP_LOGGER],
    };
  }
}
