import { Controller, Get, Header, Param, Req, UseGuards } from '@nestjs/common';
import { ZodPipe } from '@lfc/common';
import { ToolDescriptor, ToolNameSchema } from '@lfc/contracts';
import { AuthenticatedGuard, principalOf } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { GatewayAccessGuard } from '../access/access.guard';
import { McpDispatcher } from '../mcp/mcp-dispatcher';

/** When these routes were deprecated (RFC 9745: `@` and seconds since the epoch): 2026-12-05. */
const DEPRECATED_SINCE = '@1796428800';
const SUCCESSOR = '</api/v1/tools/list>; rel="successor-version"';

/**
 * The REST routes of the original LangFlow Connect server, kept so its clients work unchanged:
 * deprecated (the `Deprecation` and `Link` headers say so, and where to go), with the same access as
 * `/api/v1/tools/*`. Its `GET /health` with `tools_count` is the gateway's /health.
 */
@Controller('tools')
@UseGuards(AuthenticatedGuard, GatewayAccessGuard)
export class OriginalToolsController {
  constructor(private readonly dispatcher: McpDispatcher) {}

  /** `GET /api/v1/tools/list` under its old name; a static route, so it wins over `:name`. */
  @Get('list')
  @Header('Deprecation', DEPRECATED_SINCE)
  @Header('Link', SUCCESSOR)
  list(@Req() request: FastifyRequest): { tools: ToolDescriptor[] } {
    return { tools: this.dispatcher.listTools(principalOf(request)) };
  }

  @Get(':name')
  @Header('Deprecation', DEPRECATED_SINCE)
  @Header('Link', SUCCESSOR)
  describe(
    @Param('name', new ZodPipe(ToolNameSchema, 'tool name')) name: string,
    @Req() request: FastifyRequest,
  ): ToolDescriptor {
    return this.dispatcher.describeTool(principalOf(request), name);
  }
}
