import { Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { DomainError, requestContextOf } from '@lfc/common';
import { InitializeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayAccessGuard } from '../access/access.guard';
import { toolFailureMark } from '../audit/audit-writer';
import { AuthenticatedGuard, Principal, principalOf, rateLimitSubject } from '@lfc/identity';
import { BatchPolicy } from './batch-policy';
import { CANNOT_ASK, ConfirmationChannel, admitsFormElicitation, confirmationForm, confirmedBy } from './confirmation';
import { Elicitations } from './elicitations';
import { McpDispatcher } from './mcp-dispatcher';
import { requestsOf, requireJsonBody } from './messages';
import { OriginGuard } from './origin.guard';
import {
  JsonRpcAnswer,
  MCP_RESPONSE_MODE,
  PROTOCOL_VERSION_HEADER,
  SERVER_CAPABILITIES,
  SERVER_INFO,
  SERVER_INSTRUCTIONS,
  SESSION_HEADER,
  STREAMABLE_HTTP_VERSIONS,
  SESSION_VERSIONS,
  accepts,
  hasProgressToken,
  negotiateVersion,
  rpcError,
  rpcResult,
} from './protocol';
import { McpSession, SessionStore } from './session-store';
import { SseStream, SseStreams } from './sse-streams';
import { StatelessMcp } from './stateless-mcp';
import { claimsStatelessEra } from './stateless-request';

/**
 * MCP Streamable HTTP at /mcp: the session revisions (2025-03-26 to 2025-11-25, sessions held in
 * the shared store) and, told apart per request, the stateless 2026-07-28 (`StatelessMcp`).
 */
@Controller('mcp')
@UseGuards(OriginGuard, AuthenticatedGuard, GatewayAccessGuard)
export class StreamableHttpController {
  constructor(
    private readonly sessions: SessionStore,
    private readonly streams: SseStreams,
    private readonly dispatcher: McpDispatcher,
    private readonly batches: BatchPolicy,
    private readonly stateless: StatelessMcp,
    private readonly elicitations: Elicitations,
    @Inject(MCP_RESPONSE_MODE) private readonly responseMode: 'json' | 'sse',
  ) {}

  @Post()
  @HttpCode(200)
  async post(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    requireJsonBody(request);
    const accept = request.headers.accept;
    if (!accepts(accept, 'application/json') || !accepts(accept, 'text/event-stream')) {
      throw new DomainError(
        'not_acceptable',
        'Not Acceptable: Accept must include application/json and text/event-stream',
      );
    }
    // The revision is told per request: one URL serves the stateless one beside the session ones.
    if (claimsStatelessEra(request.body, request.headers)) {
      await this.stateless.post(request, reply);
      return;
    }
    const parsed = this.batches.parse(request.body);
    const { messages, batch } = parsed;
    const principal = principalOf(request);

    const initialize = requestsOf(messages).find((message) => message.method === 'initialize');
    if (initialize) {
      if (messages.length > 1)
        throw new DomainError('invalid_request', 'Invalid Request: initialize must be sent alone');
      // A session is initialized once; a new one starts without a session id (the specification's
      // lifecycle), so that a client cannot open sessions through one it holds.
      if (request.headers[SESSION_HEADER] !== undefined)
        throw new DomainError(
          'invalid_request',
          'Invalid Request: this session is initialized already; send initialize without Mcp-Session-Id to start a new one',
        );
      const params = InitializeRequestSchema.safeParse(initialize);
      if (!params.success) {
        await reply.send(
          rpcError(
            initialize.id,
            -32602,
            'Invalid params: initialize needs protocolVersion, capabilities and clientInfo',
          ),
        );
        return;
      }
      const requested = params.data.params.protocolVersion;
      const protocolVersion = STREAMABLE_HTTP_VERSIONS.includes(requested as never)
        ? requested
        : negotiateVersion(undefined);
      const session = await this.sessions.create({
        transport: 'streamable-http',
        protocolVersion,
        userId: principal.userId,
        keyId: principal.keyId,
        clientName: params.data.params.clientInfo.name,
        // Elicitation exists from 2025-06-18 on; a 2025-03-26 client declaring it is not believed.
        formElicitation: protocolVersion !== '2025-03-26' && admitsFormElicitation(params.data.params.capabilities),
      });
      await reply.header(SESSION_HEADER, session.id).send(rpcResult(initialize.id, initializeResult(protocolVersion)));
      return;
    }

    if (batch && request.headers[SESSION_HEADER] === undefined) this.batches.requireBatchesIn(undefined);
    const session = await this.sessionOf(request, principal);
    checkProtocolVersionHeader(request);
    const { admitted, refused } = await this.batches.admit(parsed, session.protocolVersion, principal);
    const requests = requestsOf(admitted);
    // Client notifications need no answer; a cancellation stops the call it names. A response answers
    // a question the server asked (elicitation), on whichever replica waits for it.
    for (const message of admitted) {
      if ('method' in message && !('id' in message) && message.method === 'notifications/cancelled') {
        this.dispatcher.cancel(session.id, message.params);
      }
      if (!('method' in message) && 'id' in message) await this.elicitations.answer(session.id, message);
    }
    if (requests.length === 0 && refused.length === 0) {
      await reply.code(202).header(SESSION_HEADER, session.id).send();
      return;
    }

    const call = requests.find((message) => message.method === 'tools/call');
    if (typeof call?.params?.name === 'string') request.logFields.tool = call.params.name;
    // The answer streams when a call asks for progress, or once a question must be put to the person
    // (elicitation goes out on the stream of the call it belongs to), which opens the stream then.
    let opening: Promise<SseStream> | undefined;
    const openStream = () =>
      (opening ??= this.streams.open(request, reply, {
        sessionId: session.id,
        transport: 'streamable-http',
        listens: false,
        headers: { [SESSION_HEADER]: session.id },
      }));
    const context = {
      principal,
      request: requestContextOf(request),
      sessionId: session.id,
      confirmation: session.formElicitation ? this.askByElicitation(session, openStream) : CANNOT_ASK,
      onToolFailure: toolFailureMark(request),
    };
    const wantsStream = this.responseMode === 'sse' || requests.some((message) => hasProgressToken(message.params));
    if (!wantsStream) {
      const answers = [
        ...refused,
        ...(await Promise.all(requests.map((message) => this.dispatcher.answer(message, context)))),
      ];
      if (!opening) {
        await reply.header(SESSION_HEADER, session.id).send(batch ? answers : answers[0]);
        return;
      }
      const stream = await opening;
      for (const answer of answers) stream.send('message', JSON.stringify(answer));
      stream.close();
      return;
    }
    const stream = await openStream();
    const streamed = {
      ...context,
      notify: (notification: Record<string, unknown>) => stream.send('message', JSON.stringify(notification)),
    };
    for (const answer of refused) stream.send('message', JSON.stringify(answer));
    await Promise.all(
      requests.map(async (message) => {
        const answer: JsonRpcAnswer = await this.dispatcher.answer(message, streamed);
        stream.send('message', JSON.stringify(answer));
      }),
    );
    stream.close();
  }

  /** Asks the person with an `elicitation/create` request on the call's stream; only `accept` with `confirm: true` is a yes. */
  private askByElicitation(session: McpSession, openStream: () => Promise<SseStream>): ConfirmationChannel {
    return {
      ask: async (question, signal) => {
        const result = await this.elicitations.ask(
          session.id,
          confirmationForm(question.message, session.protocolVersion !== '2025-06-18'),
          async (message) => (await openStream()).send('message', JSON.stringify(message)),
          signal,
        );
        return { confirmed: confirmedBy(result) === true };
      },
    };
  }

  /** The server-to-client stream; LangFlow also probes with it, with or without a session. */
  @Get()
  async get(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!accepts(request.headers.accept, 'text/event-stream')) {
      throw new DomainError(
        'not_acceptable',
        'Not Acceptable: GET /mcp opens an SSE stream; Accept must include text/event-stream',
      );
    }
    const principal = principalOf(request);
    const session =
      request.headers[SESSION_HEADER] === undefined ? undefined : await this.sessionOf(request, principal);
    await this.streams.open(request, reply, {
      sessionId: session?.id,
      transport: 'streamable-http',
      listens: true,
      headers: session ? { [SESSION_HEADER]: session.id } : {},
      holder: rateLimitSubject(principal),
    });
  }

  @Delete()
  async delete(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const session = await this.sessionOf(request, principalOf(request));
    await this.sessions.end(session);
    await reply.code(200).send();
  }

  private async sessionOf(request: FastifyRequest, principal: Principal): Promise<McpSession> {
    const sessionId = request.headers[SESSION_HEADER];
    if (typeof sessionId !== 'string' || sessionId.length === 0) {
      throw new DomainError('session_required', 'Bad Request: the Mcp-Session-Id header is required');
    }
    const session = await this.sessions.get(sessionId);
    // Another user's session is reported exactly like a missing one.
    if (!session || session.userId !== principal.userId || session.transport !== 'streamable-http') {
      throw new DomainError('session_not_found', 'Session not found');
    }
    return session;
  }
}

function checkProtocolVersionHeader(request: FastifyRequest): void {
  const version = request.headers[PROTOCOL_VERSION_HEADER];
  if (version !== undefined && (typeof version !== 'string' || !SESSION_VERSIONS.includes(version))) {
    throw new DomainError(
      'unsupported_protocol_version',
      `Bad Request: unsupported MCP-Protocol-Version ${String(version)}`,
      { supported: SESSION_VERSIONS, requested: String(version) },
    );
  }
}

export function initializeResult(protocolVersion: string): Record<string, unknown> {
  return {
    protocolVersion,
    capabilities: SERVER_CAPABILITIES,
    serverInfo: SERVER_INFO,
    instructions: SERVER_INSTRUCTIONS,
  };
}
