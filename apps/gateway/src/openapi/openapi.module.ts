import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleImports } from '@lfc/common';
import { OpenApiController } from './openapi.controller';
import { PublicApiDocument } from './public-api-document';

/** GET /openapi.json; main.ts puts Swagger UI over the same document at /docs. */
@Module({})
export class OpenApiModule {
  static forRoot(imports: ModuleImports): DynamicModule {
    return {
      module: OpenApiModule,
      imports,
      controllers: [OpenApiController],
      providers: [PublicApiDocument],
      exports: [PublicApiDocument],
    };
  }
}
