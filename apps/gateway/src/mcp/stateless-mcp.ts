import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ERROR_CODES, inCallerTrace, jsonRpcIdOf, requestContextOf, toDomainError } from '@lfc/common';
import { Principal, principalOf, rateLimitSubject } from '@lfc/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toolFailureMark } from '../audit/audit-writer';
import { ToolCatalogCache } from '../catalog/tool-catalog.cache';
import {
  CONFIRM_INPUT,
  ConfirmationChannel,
  askedBecause,
  InputRequiredResult,
  admitsFormElicitation,
  confirmationForm,
  confirmedBy,
  notConfirmed,
} from './confirmation';
import { McpDispatcher } from './mcp-dispatcher';
import { REQUEST_STATE_CODEC, RequestBinding, RequestStateCodec } from './request-state';
import {
  JsonRpcAnswer,
  JsonRpcId,
  MCP_RESPONSE_MODE,
  SERVER_CAPABILITIES,
  SERVER_INFO,
  SERVER_INSTRUCTIONS,
  STATELESS_VERSIONS,
  hasProgressToken,
  rpcErrorOf,
  rpcResult,
} from './protocol';
import { SseStreams } from './sse-streams';
import { META, StatelessRequest, parseStatelessRequest } from './stateless-request';

/** How long a client may reuse `server/discover`: what it says changes only with a new release. */
const DISCOVER_TTL_MS = 300_000;

const SERVER_META = { [META.serverInfo]: SERVER_INFO };

/**
 * A result as MCP 2026-07-28 shapes it: `resultType` (`complete` unless it is an `input_required`),
 * and who answered in `_meta`.
 */
function complete(result: Record<string, unknown>): Record<string, unknown> {
  const meta = typeof result._meta === 'object' && result._meta !== null ? result._meta : {};
  return { resultType: 'complete', ...result, _meta: { ...meta, ...SERVER_META } };
}

/** -32021 is answered with 400, as the revision requires; other errors of a call keep the 200 they always had. */
function statusOf(answer: JsonRpcAnswer): number {
  return 'error' in answer && answer.error.code === ERROR_CODES.missing_client_capability.jsonRpc
    ? ERROR_CODES.missing_client_capability.status
    : 200;
}

function inStatelessShape(answer: JsonRpcAnswer): JsonRpcAnswer {
  return 'result' in answer ? { ...answer, result: complete(answer.result) } : answer;
}

/**
 * MCP 2026-07-28 on POST /mcp: every request stands alone (its version and the client's
 * capabilities in `_meta`, no session), answered through the same dispatcher, guards, limits and
 * audit as the session revisions. Refusals name the request they answer and carry the HTTP status
 * the specification gives them.
 */
@Injectable()
export class StatelessMcp {
  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly catalog: ToolCatalogCache,
    private readonly streams: SseStreams,
    @Inject(MCP_RESPONSE_MODE) private readonly responseMode: 'json' | 'sse',
    @Inject(REQUEST_STATE_CODEC) private readonly states: RequestStateCodec,
  ) {}

  async post(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let call: StatelessRequest;
    try {
      call = parseStatelessRequest(request.body, request.headers);
    } catch (error) {
      await this.refuse(reply, jsonRpcIdOf(request.body), error);
      return;
    }
    const id = call.id;
    // Notifications need no answer; 2026-07-28 defines none a client sends over HTTP.
    if (id === undefined) {
      await reply.code(202).send();
      return;
    }
    const principal = principalOf(request);
    switch (call.method) {
      case 'server/discover':
        await reply.send(rpcResult(id, complete(this.discover())));
        return;
      case 'tools/list':
        await reply.send(
          rpcResult(
            id,
            complete({ tools: this.dispatcher.listTools(principal), ...this.catalog.cacheHints(principal.scopes) }),
          ),
        );
        return;
      case 'tools/call':
        if (typeof call.params.name === 'string') request.logFields.tool = call.params.name;
        await this.callTool(request, reply, call, id);
        return;
      case 'subscriptions/listen':
        await this.listen(request, reply, principal, call, id);
        return;
      default:
        await this.refuse(
          reply,
          id,
          new DomainError(
            'method_not_found',
            `Method not found: ${call.method.slice(0, 64)} is not served over MCP 2026-07-28 here`,
          ),
        );
    }
  }

  private discover(): Record<string, unknown> {
    return {
      supportedVersions: STATELESS_VERSIONS,
      capabilities: SERVER_CAPABILITIES,
      instructions: SERVER_INSTRUCTIONS,
      ttlMs: DISCOVER_TTL_MS,
      cacheScope: 'public',
    };
  }

  /**
   * One call, in the caller's trace when `_meta` names one. Closing the request cancels it; the
   * answer streams (SSE) when the caller asked for progress.
   */
  private async callTool(
    request: FastifyRequest,
    reply: FastifyReply,
    call: StatelessRequest,
    id: JsonRpcId,
  ): Promise<void> {
    const cancelled = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) cancelled.abort();
    });
    const message = { id, method: call.method, params: call.params };
    const principal = principalOf(request);
    let confirmation: ConfirmationChannel;
    try {
      confirmation = this.confirmationOf(call, principal);
    } catch (error) {
      await this.refuse(reply, id, error);
      return;
    }
    if (confirmation.confirmed === false) {
      await reply.send(rpcResult(id, complete(notConfirmed(String(call.params.name)))));
      return;
    }
    const wantsStream = this.responseMode === 'sse' || hasProgressToken(call.params);
    await inCallerTrace(call.traceparent, request.traceparent, `mcp ${call.method}`, async (traceparent) => {
      request.traceparent = traceparent;
      const context = {
        principal,
        request: requestContextOf(request),
        signal: cancelled.signal,
        confirmation,
        onToolFailure: toolFailureMark(request),
      };
      if (!wantsStream) {
        const answer = await this.dispatcher.answer(message, context);
        await reply.code(statusOf(answer)).send(inStatelessShape(answer));
        return;
      }
      const stream = await this.streams.open(request, reply, {
        sessionId: undefined,
        transport: 'streamable-http',
        listens: false,
      });
      const notify = (notification: Record<string, unknown>) => stream.send('message', JSON.stringify(notification));
      const answer = await this.dispatcher.answer(message, { ...context, notify });
      stream.send('message', JSON.stringify(inStatelessShape(answer)));
      stream.close();
    });
  }

  /**
   * Confirmations the stateless way: a call a tool wants confirmed is answered `input_required` with
   * a yes/no form and a signed `requestState`; the client's retry carries both back. A retry whose
   * state checks out runs confirmed (`accept` with `confirm: true`), or is `confirmed: false` (any
   * other answer: nothing runs); one without an answer is asked again. A state that does not check
   * out is refused (-32602). A client that cannot show a form gets -32021.
   */
  private confirmationOf(call: StatelessRequest, principal: Principal): ConfirmationChannel {
    const args = call.params.arguments;
    const binding: RequestBinding = {
      principal: rateLimitSubject(principal),
      method: call.method,
      tool: typeof call.params.name === 'string' ? call.params.name : '',
      arguments:
        typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {},
    };
    const state = call.params.requestState;
    let confirmed: boolean | undefined;
    if (state !== undefined) {
      if (typeof state !== 'string') {
        throw new DomainError('validation_failed', 'Invalid params: requestState must be the string the server sent');
      }
      this.states.verify(state, binding);
      const responses = call.params.inputResponses as Record<string, unknown> | undefined;
      confirmed = confirmedBy(responses?.[CONFIRM_INPUT]);
    }
    const canAsk = admitsFormElicitation(call.clientCapabilities);
    return {
      ...(confirmed === undefined ? {} : { confirmed }),
      ask: async (question): Promise<{ answer: InputRequiredResult }> => {
        if (!canAsk) {
          throw new DomainError(
            'missing_client_capability',
            `${question.tool} needs the person's confirmation (${askedBecause(question)}), and this request does not declare the elicitation capability`,
            { requiredCapabilities: { elicitation: {} } },
          );
        }
        return {
          answer: {
            resultType: 'input_required',
            inputRequests: {
              [CONFIRM_INPUT]: { method: 'elicitation/create', params: confirmationForm(question.message, true) },
            },
            requestState: this.states.issue(binding),
          },
        };
      },
    };
  }

  /**
   * `subscriptions/listen`: a stream that opens with the acknowledgement of what it will carry and
   * then carries the tool list's changes, tagged with the subscription, from whichever replica
   * notices them. It takes one of the key's stream places, like a session's GET stream.
   */
  private async listen(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    call: StatelessRequest,
    id: JsonRpcId,
  ): Promise<void> {
    const wanted = call.params.notifications;
    if (typeof wanted !== 'object' || wanted === null || Array.isArray(wanted)) {
      await this.refuse(
        reply,
        id,
        new DomainError('validation_failed', 'Invalid params: subscriptions/listen needs params.notifications'),
      );
      return;
    }
    const toolsListChanged = (wanted as Record<string, unknown>).toolsListChanged === true;
    const subscription = { [META.subscriptionId]: id };
    const stream = await this.streams.open(request, reply, {
      sessionId: undefined,
      transport: 'streamable-http',
      listens: true,
      holder: rateLimitSubject(principal),
      announce: (notification) =>
        toolsListChanged && notification.method === 'notifications/tools/list_changed'
          ? { ...notification, params: { _meta: subscription } }
          : undefined,
      farewell: rpcResult(id, { resultType: 'complete', _meta: { ...subscription, ...SERVER_META } }),
    });
    stream.send(
      'message',
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'notifications/subscriptions/acknowledged',
        params: { _meta: subscription, notifications: toolsListChanged ? { toolsListChanged: true } : {} },
      }),
    );
  }

  private async refuse(reply: FastifyReply, id: JsonRpcId | null, error: unknown): Promise<void> {
    await reply.code(toDomainError(error).status).send(rpcErrorOf(id, error));
  }
}
