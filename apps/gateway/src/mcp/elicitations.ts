import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { KeyValueStore, Unsubscribe } from '@lfc/kv';
import { randomUUID } from 'node:crypto';
import { TOOL_TIMEOUT_MS } from './mcp-dispatcher';

/** Questions one session may have open at once on one replica; a client answers them one by one. */
export const MAX_OPEN_PER_SESSION = 4;

/** Channel that carries a session's answers to server requests to whichever replica waits for them. */
export function answersChannel(sessionId: string): string {
  return `mcp:session:${sessionId}:answers`;
}

interface Waiting {
  sessionId: string;
  settle: (result: unknown) => void;
}

/**
 * `elicitation/create` requests of the session revisions (2025-06-18 on): the request goes out on
 * the stream of the `tools/call` it belongs to, and the client's answer, a JSON-RPC response POSTed
 * in the session, may land on any replica: it travels on the session's answers channel to the one
 * waiting (or straight to this one when the store cannot carry it).
 */
@Injectable()
export class Elicitations {
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly kv: KeyValueStore,
    @Inject(TOOL_TIMEOUT_MS) private readonly waitMs: number,
  ) {}

  /**
   * Sends the request with `send` and resolves with the client's result, or undefined when it
   * answered with an error, did not answer within the tool timeout, or the call was cancelled.
   */
  async ask(
    sessionId: string,
    params: Record<string, unknown>,
    send: (message: Record<string, unknown>) => Promise<void>,
    signal: AbortSignal,
  ): Promise<unknown> {
    const open = [...this.waiting.values()].filter((waiting) => waiting.sessionId === sessionId).length;
    if (open >= MAX_OPEN_PER_SESSION) {
      throw new DomainError(
        'rate_limited',
        `This session already waits for ${MAX_OPEN_PER_SESSION} answers to confirmation questions; answer those first`,
      );
    }
    const id = `lfc-elicitation-${randomUUID()}`;
    let unsubscribe: Unsubscribe | undefined;
    try {
      // Subscribed before the question leaves, so an answer from another replica cannot arrive first.
      unsubscribe = await this.kv
        .subscribe(answersChannel(sessionId), (data) => this.settle(sessionId, data))
        .catch(() => undefined);
      return await new Promise<unknown>((resolve) => {
        const timer = setTimeout(() => finish(undefined), this.waitMs);
        const finish = (result: unknown) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          this.waiting.delete(id);
          resolve(result);
        };
        const onAbort = () => finish(undefined);
        if (signal.aborted) {
          finish(undefined);
          return;
        }
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiting.set(id, { sessionId, settle: finish });
        send({ jsonrpc: '2.0', id, method: 'elicitation/create', params }).catch(() => finish(undefined));
      });
    } finally {
      unsubscribe?.().catch(() => undefined);
    }
  }

  /** A JSON-RPC response the client POSTed in its session: handed to whichever replica asked. */
  async answer(sessionId: string, response: Record<string, unknown>): Promise<void> {
    const data = JSON.stringify(response);
    const receivers = await this.kv.publish(answersChannel(sessionId), data).catch(() => 0);
    if (receivers === 0) this.settle(sessionId, data);
  }

  private settle(sessionId: string, data: string): void {
    let response: { id?: unknown; result?: unknown };
    try {
      response = JSON.parse(data) as { id?: unknown; result?: unknown };
    } catch {
      return;
    }
    if (typeof response.id !== 'string') return;
    const waiting = this.waiting.get(response.id);
    // Only the session the question went to may answer it.
    if (waiting?.sessionId === sessionId) waiting.settle(response.result);
  }
}
