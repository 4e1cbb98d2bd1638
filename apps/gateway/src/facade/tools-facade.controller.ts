import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { requestContextOf } from '@lfc/common';
import { ToolCallResult, ToolDescriptor } from '@lfc/contracts';
import { JSONRPCRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyRequest } from 'fastify';
import { GatewayAccessGuard } from '../access/access.guard';
import { toolFailureMark } from '../audit/audit-writer';
import { AuthenticatedGuard, principalOf } from '@lfc/identity';
import { DispatchContext, McpDispatcher } from '../mcp/mcp-dispatcher';
import { InputRequiredResult } from '../mcp/confirmation';
import { JsonRpcAnswer, rpcError } from '../mcp/protocol';

function isEnvelope(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'jsonrpc' in body;
}

/**
 * The plain HTTP facade for scripts: `{ name, arguments }` in, `{ content, structuredContent, isError }`
 * out. A JSON-RPC 2.0 envelope is answered in kind.
 */
@Controller('api/v1/tools')
@UseGuards(AuthenticatedGuard, GatewayAccessGuard)
export class ToolsFacadeController {
  constructor(private readonly dispatcher: McpDispatcher) {}

  @Get('list')
  list(@Req() request: FastifyRequest): { tools: ToolDescriptor[] } {
    return { tools: this.dispatcher.listTools(principalOf(request)) };
  }

  @Post('list')
  @HttpCode(200)
  async listPost(
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<{ tools: ToolDescriptor[] } | JsonRpcAnswer> {
    if (isEnvelope(body)) return this.answerEnvelope(body, 'tools/list', request);
    return this.list(request);
  }

  @Post('call')
  @HttpCode(200)
  async call(
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<ToolCallResult | InputRequiredResult | JsonRpcAnswer> {
    if (isEnvelope(body)) return this.answerEnvelope(body, 'tools/call', request);
    const name = (body as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string') request.logFields.tool = name;
    // No confirmation channel: nobody can be asked here, so a call that wants confirming (the key's
    // destructive calls, a budget's overrun) is a 428 `confirmation_required` carrying the tool's question.
    return this.dispatcher.callTool(body, this.contextOf(request));
  }

  private async answerEnvelope(
    body: Record<string, unknown>,
    method: string,
    request: FastifyRequest,
  ): Promise<JsonRpcAnswer> {
    const parsed = JSONRPCRequestSchema.safeParse(body);
    if (!parsed.success) return rpcError(null, -32600, 'Invalid Request: not a JSON-RPC 2.0 request');
    if (parsed.data.method !== method) {
      return rpcError(parsed.data.id, -32601, `Method not found: this endpoint answers ${method}`);
    }
    const params = parsed.data.params;
    if (method === 'tools/call' && typeof params?.name === 'string') request.logFields.tool = params.name;
    return this.dispatcher.answer({ id: parsed.data.id, method, params }, this.contextOf(request));
  }

  private contextOf(request: FastifyRequest): DispatchContext {
    return {
      principal: principalOf(request),
      request: requestContextOf(request),
      onToolFailure: toolFailureMark(request),
    };
  }
}
