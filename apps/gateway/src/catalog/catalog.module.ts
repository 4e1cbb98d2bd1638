import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleImports } from '@lfc/common';
import { CATALOG_REFRESH_MS, ToolCatalogCache } from './tool-catalog.cache';

@Module({})
export class CatalogModule {
  static forRoot(options: { refreshMs: number }, imports: ModuleImports): DynamicModule {
    return {
      module: CatalogModule,
      imports,
      providers: [{ provide: CATALOG_REFRESH_MS, useValue: options.refreshMs }, ToolCatalogCache],
      exports: [ToolCatalogCache],
    };
  }
}
