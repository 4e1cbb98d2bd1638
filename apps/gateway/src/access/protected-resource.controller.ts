import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ProtectedResourceMetadata } from '@lfc/contracts';
import { PUBLIC_BASE_URL, RESOURCE_METADATA_PATH } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';

/** RFC 9728 protected-resource metadata, where 401 challenges point clients. */
@Controller()
export class ProtectedResourceController {
  constructor(@Inject(PUBLIC_BASE_URL) private readonly publicBaseUrl: string | undefined) {}

  @Get([RESOURCE_METADATA_PATH, `${RESOURCE_METADATA_PATH}/mcp`])
  metadata(@Req() request: FastifyRequest): ProtectedResourceMetadata {
    const base = (this.publicBaseUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`).replace(
      /\/$/,
      '',
    );
    return {
      resource: `${base}/mcp`,
      resource_name: 'LangFlow Connect',
      bearer_methods_supported: ['header'],
      resource_documentation: `${base}/`,
      // API keys travel in X-API-Key or as a bearer token; access tokens come from the auth service's login.
      authorization_servers: [],
    };
  }
}
