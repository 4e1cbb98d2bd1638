import { Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { AppLogger, DomainError, errorMessage, InjectLogger, requestContextOf } from '@lfc/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayAccessGuard } from '../access/access.guard';
import { AuthenticatedGuard, principalOf, rateLimitSubject } from '@lfc/identity';
import { BatchPolicy } from './batch-policy';
import { CANNOT_ASK } from './confirmation';
import { DispatchContext, JsonRpcRequestMessage, McpDispatcher } from './mcp-dispatcher';
import { requestsOf, requireJsonBody } from './messages';
import { OriginGuard } from './origin.guard';
import { JsonRpcAnswer, LEGACY_SSE_VERSION, negotiateVersion, rpcErrorOf, rpcResult } from './protocol';
import { McpSession, SessionStore } from './session-store';
import { SseStreams } from './sse-streams';
import { initializeResult } from './streamable-http.controller';

/**
 * The 2024-11-05 HTTP+SSE transport (LangFlow 1.4–1.6): GET /sse holds the stream, POST /messages
 * carries requests. The answers travel through the shared store, so the POST may land on another replica.
 */
@Controller()
@UseGuards(OriginGuard, AuthenticatedGuard, GatewayAccessGuard)
export class LegacySseController {
  private readonly logger: AppLogger;

  constructor(
    private readonly sessions: SessionStore,
    private readonly streams: SseStreams,
    private readonly dispatcher: McpDispatcher,
    private readonly batches: BatchPolicy,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'LegacySse' });
  }

  @Get('sse')
  async open(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = principalOf(request);
    const session = await this.sessions.create({
      transport: 'sse',
      protocolVersion: LEGACY_SSE_VERSION,
      userId: principal.userId,
      keyId: principal.keyId,
    });
    const endSession = () => this.sessions.end(session).catch(() => false);
    const stream = await this.streams
      .open(request, reply, {
        sessionId: session.id,
        transport: 'sse',
        listens: true,
        holder: rateLimitSubject(principal),
        // The stream is the session: when it closes, the session ends on every replica.
        onClose: () => void endSession(),
      })
      .catch(async (error: unknown) => {
        await endSession();
        throw error;
      });
    stream.send('endpoint', `/messages?sessionId=${encodeURIComponent(session.id)}`);
  }

  /**
   * /sse takes no POST: 405 with `Allow: GET`, not a 404. A client pointed at /sse that tries
   * Streamable HTTP first (LangFlow 1.13) falls back to this transport only when that POST
   * fails with 404, 405 or 406 as an HTTP error, and the MCP Python SDK 1.x turns a 404 into a
   * "Session terminated" JSON-RPC error, which LangFlow retries instead of falling back.
   */
  @Post('sse')
  refusePost(): never {
    throw new DomainError(
      'method_not_allowed',
      'Method Not Allowed: GET /sse opens the HTTP+SSE stream; Streamable HTTP is served at POST /mcp',
      undefined,
      { allow: 'GET' },
    );
  }

  @Post('messages')
  @HttpCode(202)
  async message(
    @Query('sessionId') sessionId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    requireJsonBody(request);
    if (!sessionId) throw new DomainError('session_required', 'Bad Request: the sessionId query parameter is required');
    const principal = principalOf(request);
    const session = await this.sessions.get(sessionId);
    if (!session || session.userId !== principal.userId || session.transport !== 'sse') {
      throw new DomainError('session_not_found', 'Session not found');
    }
    const { admitted, refused } = await this.batches.admit(
      this.batches.parse(request.body),
      session.protocolVersion,
      principal,
    );
    // The record is written with the 202, before any answer: it names the tool, but cannot say whether the call failed.
    const requests = requestsOf(admitted);
    const call = requests.find((message) => message.method === 'tools/call');
    if (typeof call?.params?.name === 'string') request.logFields.tool = call.params.name;
    await reply.code(202).send('Accepted');
    const context = {
      principal,
      request: requestContextOf(request),
      sessionId: session.id,
      notify: (notification: Record<string, unknown>) => void this.streams.deliver(session.id, notification),
      // The legacy transport asks nobody: a call that wants confirming is refused with a tool error.
      confirmation: CANNOT_ASK,
    };
    for (const message of admitted) {
      if ('method' in message && !('id' in message) && message.method === 'notifications/cancelled') {
        this.dispatcher.cancel(session.id, message.params);
      }
    }
    for (const answer of refused) void this.streams.deliver(session.id, answer);
    // Answered after the 202, on the stream: nothing awaits these, so each catches its own failures.
    for (const message of requests) {
      void this.answer(message, session, context).catch((error: unknown) => {
        this.logger.error(`answer to ${message.method} for session ${session.id} failed: ${errorMessage(error)}`);
      });
    }
  }

  /** Answers one request on the session's stream; a failure is answered there as a JSON-RPC error. */
  private async answer(message: JsonRpcRequestMessage, session: McpSession, context: DispatchContext): Promise<void> {
    let answer: JsonRpcAnswer;
    try {
      answer = await this.compute(message, session, context);
    } catch (error) {
      answer = rpcErrorOf(message.id, error);
    }
    const receivers = await this.streams.deliver(session.id, answer);
    if (receivers === 0) this.logger.warn(`answer to ${message.method} for session ${session.id} found no open stream`);
  }

  private async compute(
    message: JsonRpcRequestMessage,
    session: McpSession,
    context: DispatchContext,
  ): Promise<JsonRpcAnswer> {
    if (message.method !== 'initialize') return this.dispatcher.answer(message, context);
    const protocolVersion = negotiateVersion(message.params?.protocolVersion);
    await this.sessions.update({ ...session, protocolVersion });
    return rpcResult(message.id, initializeResult(protocolVersion));
  }
}
