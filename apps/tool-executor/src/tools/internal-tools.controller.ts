import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { parseInput } from '@lfc/common';
import { TOOLS_CALL_PATH, TOOLS_CATALOG_PATH, ToolCallRequestSchema, ToolCallResult, ToolCatalog } from '@lfc/contracts';
import { ServiceTokenGuard } from '@lfc/internal-http';
import type { FastifyRequest } from 'fastify';
import { CallToolUseCase } from './call-tool.use-case';
import { ToolRegistry } from './tool-registry';

@Controller()
@UseGuards(ServiceTokenGuard)
export class InternalToolsController {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly callTool: CallToolUseCase,
  ) {}

  @Get(TOOLS_CATALOG_PATH)
  catalog(): ToolCatalog {
    return this.registry.catalog;
  }

  @Post(TOOLS_CALL_PATH)
  @HttpCode(200)
  call(@Body() body: unknown, @Req() request: FastifyRequest): Promise<ToolCallResult> {
    const command = parseInput(ToolCallRequestSchema, body);
    request.logFields.tool = command.name;
    request.logFields.user_id = command.caller.userId;
    return this.callTool.execute({ ...command, deadline: request.deadline, requestId: request.id });
  }
}
