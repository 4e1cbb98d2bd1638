import { Controller, Get, Header } from '@nestjs/common';
import { OPENAPI_DOCUMENT_PATH } from '@lfc/common';
import { PublicApiDocument } from './public-api-document';

/** The public API as OpenAPI 3.1, for anyone (it holds no secret): clients, generators and Swagger UI. */
@Controller()
export class OpenApiController {
  constructor(private readonly document: PublicApiDocument) {}

  @Get(OPENAPI_DOCUMENT_PATH)
  @Header('content-type', 'application/json; charset=utf-8')
  async openApi(): Promise<string> {
    return (await this.document.current()).text;
  }
}
