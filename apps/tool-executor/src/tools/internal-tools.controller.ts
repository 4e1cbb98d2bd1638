import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ZodPipe } from '@lfc/common';
import {
  TOOLS_CALL_PATH,
  TOOLS_CATALOG_PATH,
  ToolCallRequestSchema,
  ToolCallResult,
  ToolCatalog,
} from '@lfc/contracts';
import { EndUser, EndUserOf, ForEndUser, InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { CallToolUseCase, CallerHungUp } from './call-tool.use-case';
import { ToolRegistry } from './tool-registry';

@Controller()
@UseGuards(ServiceTokenGuard)
@InternalCallers('gateway')
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
  @ForEndUser()
  async call(
    @Body(new ZodPipe(ToolCallRequestSchema)) toolCall: z.output<typeof ToolCallRequestSchema>,
    @EndUserOf() endUser: EndUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = { ...toolCall, caller: endUser.caller, callerClaim: endUser.claim };
    request.logFields.tool = command.name;
    // A caller that hangs up (an MCP cancellation relayed by the gateway) stops the tool.
    const abort = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort(new CallerHungUp());
    });
    const base = { ...command, deadline: request.deadline, requestId: request.id, abort };
    if (!String(request.headers.accept).includes('application/x-ndjson')) {
      await reply.send(await this.callTool.execute(base));
      return;
    }
    // Streamed: progress lines while the tool runs, then the result. The stream begins with the first
    // line, so what fails before one (an unknown tool, a call the person must confirm) stays an HTTP error.
    let lines: PassThrough | undefined;
    const stream = (): PassThrough => {
      if (!lines) {
        lines = new PassThrough();
        void reply.header('content-type', 'application/x-ndjson').send(lines);
      }
      return lines;
    };
    let result: ToolCallResult;
    try {
      result = await this.callTool.execute({
        ...base,
        progress: (progress, total, message) =>
          stream().write(`${JSON.stringify({ event: { progress, total, message } })}\n`),
      });
    } catch (error) {
      if (!lines) throw error;
      // The status line is gone already; the failure travels as the tool's result.
      result = {
        content: [{ type: 'text', text: `${command.name} failed (request id ${request.id})` }],
        isError: true,
      };
    }
    stream().end(`${JSON.stringify({ result })}\n`);
  }
}
