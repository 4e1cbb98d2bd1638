import type { ModuleMetadata } from '@nestjs/common';

/**
 * The modules a feature module injects from, handed to its `forRoot` by the composition root:
 * each service builds its configured modules once and passes the same instances to every module
 * that needs them, so the DI graph is written down instead of hidden behind `global: true`.
 */
export type ModuleImports = NonNullable<ModuleMetadata['imports']>;
