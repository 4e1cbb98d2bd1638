import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiQuery, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { OPENAPI_PATH } from './edge';

/** OpenAPI schema of a body, from the same zod schema that validates it. */
export function openApi(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  });
  return rest;
}

/** OpenAPI query parameters, from the same zod schema that validates the query. */
export function ApiQueryOf(schema: z.ZodType) {
  const { properties = {}, required = [] } = openApi(schema) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return applyDecorators(
    ...Object.entries(properties).map(([name, { description, ...property }]) =>
      ApiQuery({
        name,
        required: required.includes(name),
        schema: property,
        ...(typeof description === 'string' ? { description } : {}),
      }),
    ),
  );
}

/**
 * Serves a service's public API as OpenAPI at `/docs` (JSON at `/docs-json`), with the two
 * credentials people use: a bearer token (JWT or API key) and the `x-api-key` header.
 */
export function serveOpenApi(app: NestFastifyApplication, info: { title: string; description: string }): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(info.title)
      .setDescription(info.description)
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup(OPENAPI_PATH, app, document);
}

/**
 * Swagger UI at `/docs` over a document built per request (the gateway's follows the live tool
 * catalog); the document itself is served elsewhere (`/openapi.json`), so no `/docs-json`.
 */
export function serveSwaggerUi(
  app: NestFastifyApplication,
  title: string,
  document: () => Promise<Record<string, unknown>>,
): void {
  const placeholder = { openapi: '3.1.0', info: { title, version: '1' }, paths: {} };
  SwaggerModule.setup(OPENAPI_PATH, app, placeholder, {
    raw: false,
    customSiteTitle: title,
    patchDocumentOnRequest: async () => (await document()) as unknown as OpenAPIObject,
  });
}
