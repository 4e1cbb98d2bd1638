import { DynamicModule, Module } from '@nestjs/common';
import { join } from 'node:path';
import { ConsoleFiles } from './console-files';
import { CONSOLE_FILES, ConsoleRoutes } from './console.routes';

/**
 * `npm run build` writes the console to dist/console, beside dist/apps: found from where this file is
 * built (dist/apps/gateway/src/console), never from the working folder, which a launcher may choose.
 */
export const DEFAULT_CONSOLE_FOLDER = join(__dirname, '..', '..', '..', '..', 'console');

/** The web console's files under /console. */
@Module({})
export class ConsoleModule {
  static forRoot(options: { folder: string }): DynamicModule {
    return {
      module: ConsoleModule,
      providers: [{ provide: CONSOLE_FILES, useValue: new ConsoleFiles(options.folder) }, ConsoleRoutes],
    };
  }
}
