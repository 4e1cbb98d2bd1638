import { DynamicModule, Module } from '@nestjs/common';
import { CATALOG_REFRESH_MS, ToolCatalogCache } from './tool-catalog.cache';

@Module({})
export class CatalogModule {
  static forRoot(options: { refreshMs: number }): DynamicModule {
    return {
      module: CatalogModule,
      global: true,
      providers: [{ provide: CATALOG_REFRESH_MS, useValue: options.refreshMs }, ToolCatalogCache],
      exports: [ToolCatalogCache],
    };
  }
}
