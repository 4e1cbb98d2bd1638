import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { Principal, rateLimitSubject } from '@lfc/identity';
import { RateLimitDecision, RateLimiter } from '@lfc/access';
import { parseMessages } from './messages';
import { JsonRpcAnswer, rpcErrorOf } from './protocol';

export const MAX_BATCH = Symbol('MAX_BATCH');
/** The only revision with JSON-RPC batches: 2025-06-18 removed them. */
export const BATCH_PROTOCOL_VERSION = '2025-03-26';

export interface ParsedMessages {
  messages: JSONRPCMessage[];
  batch: boolean;
}

export interface AdmittedMessages {
  /** The messages to handle. */
  admitted: JSONRPCMessage[];
  /** Answers to the requests the rate limiter refused (refused notifications are dropped). */
  refused: JsonRpcAnswer[];
}

/**
 * How much one POST may ask of the gateway: a batch only where the negotiated protocol has batches,
 * at most `maxBatch` messages, and every message counted by the rate limiter as a request of its own.
 */
@Injectable()
export class BatchPolicy {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(MAX_BATCH) private readonly maxBatch: number,
  ) {}

  /** Validates a POST body; a batch over the size limit is refused before any of it is validated. */
  parse(body: unknown): ParsedMessages {
    if (Array.isArray(body) && body.length > this.maxBatch) {
      throw new DomainError(
        'invalid_request',
        `Invalid Request: a batch may hold at most ${this.maxBatch} messages (LFC_MCP_MAX_BATCH); this one has ${body.length}`,
        { limit: this.maxBatch },
      );
    }
    return parseMessages(body);
  }

  /** Refuses a batch unless the session negotiated the one revision that has batches. */
  requireBatchesIn(protocolVersion: string | undefined): void {
    if (protocolVersion === BATCH_PROTOCOL_VERSION) return;
    const message =
      protocolVersion === undefined
        ? `Invalid Request: batches are accepted only in a session that negotiated protocol version ${BATCH_PROTOCOL_VERSION}`
        : `Invalid Request: batches are not supported in protocol version ${protocolVersion}`;
    throw new DomainError('invalid_request', message, { protocolVersion: protocolVersion ?? null });
  }

  /**
   * What of a POST's messages may run. A single message passes (AccessGuard counted it). A batch
   * must be allowed by the session's protocol; then each message after the first is counted (the
   * HTTP request AccessGuard counted stands for the first), and once one is refused the rest are
   * too, without counting them.
   */
  async admit(parsed: ParsedMessages, protocolVersion: string, principal: Principal): Promise<AdmittedMessages> {
    if (!parsed.batch) return { admitted: parsed.messages, refused: [] };
    this.requireBatchesIn(protocolVersion);
    const [first, ...rest] = parsed.messages;
    const result: AdmittedMessages = { admitted: first ? [first] : [], refused: [] };
    let refusal: DomainError | undefined;
    for (const message of rest) {
      if (!refusal) {
        const decision = await this.limiter.check(rateLimitSubject(principal), principal.rateLimits);
        if (decision.allowed) {
          result.admitted.push(message);
          continue;
        }
        refusal = rateLimited(decision);
      }
      if ('method' in message && 'id' in message) result.refused.push(rpcErrorOf(message.id, refusal));
    }
    return result;
  }
}

function rateLimited(decision: RateLimitDecision): DomainError {
  const retryAfter = decision.retryAfterSeconds ?? 1;
  return new DomainError(
    'rate_limited',
    `Rate limit exceeded: ${decision.limit ?? 0} requests per window, each message of a batch counted; retry in ${retryAfter} s`,
    { retryAfterSeconds: retryAfter, limit: decision.limit },
  );
}
