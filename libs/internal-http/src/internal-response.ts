import { StringDecoder } from 'node:string_decoder';
import type { Dispatcher } from 'undici';

/** What an internal call got back: its status and body (for a stream of events, its result line). */
export interface InternalResponse {
  statusCode: number;
  text: string;
}

export interface InternalExchangeOptions {
  /** Aborts the request (and the wait for its answer). */
  signal?: AbortSignal;
  /**
   * Reads an `application/x-ndjson` answer as it arrives: each `{ event }` line is passed on, and the
   * `{ result }` line is the answer's text. Any other answer is read whole.
   */
  onEvent?: (event: unknown) => void;
}

const EVENTS_TYPE = 'application/x-ndjson';

/**
 * One request on the pool, answered as a promise of status and text. A handler of its own instead
 * of undici's `request`: that one builds an async resource and a readable stream per call and
 * parses headers into a second object, which the gateway paid on every tool call for a body it
 * reads whole.
 */
export function exchange(
  pool: Dispatcher,
  request: Dispatcher.DispatchOptions,
  options: InternalExchangeOptions = {},
): Promise<InternalResponse> {
  return new Promise((resolve, reject) => {
    const { signal, onEvent } = options;
    let statusCode = 0;
    let events: EventLines | undefined;
    const chunks: Buffer[] = [];
    let controller: Dispatcher.DispatchController | undefined;
    const abort = () => controller?.abort(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    const settle = () => signal?.removeEventListener('abort', abort);
    pool.dispatch(request, {
      onRequestStart(started) {
        controller = started;
        if (signal?.aborted) abort();
        else signal?.addEventListener('abort', abort, { once: true });
      },
      onResponseStart(_controller, status, headers) {
        statusCode = status;
        const type = headers['content-type'];
        if (onEvent && status < 400 && typeof type === 'string' && type.startsWith(EVENTS_TYPE)) {
          events = new EventLines(onEvent);
        }
      },
      onResponseData(current, chunk) {
        if (!events) {
          chunks.push(chunk);
          return;
        }
        try {
          events.push(chunk);
        } catch (error) {
          current.abort(asError(error));
        }
      },
      onResponseEnd() {
        settle();
        try {
          resolve({ statusCode, text: events ? events.end() : Buffer.concat(chunks).toString('utf8') });
        } catch (error) {
          reject(asError(error));
        }
      },
      onResponseError(_controller, error) {
        settle();
        reject(error);
      },
    });
  });
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** Splits a stream of `{ event }` lines ending with a `{ result }` line. */
class EventLines {
  private buffered = '';
  private result = '';
  /** A character split between two chunks is joined, not mangled. */
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly onEvent: (event: unknown) => void) {}

  push(chunk: Buffer): void {
    this.buffered += this.decoder.write(chunk);
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      this.take(this.buffered.slice(0, newline));
      this.buffered = this.buffered.slice(newline + 1);
      newline = this.buffered.indexOf('\n');
    }
  }

  /** The result line's value, as text. */
  end(): string {
    this.take(this.buffered + this.decoder.end());
    this.buffered = '';
    return this.result;
  }

  private take(line: string): void {
    if (line.trim().length === 0) return;
    const parsed = JSON.parse(line) as { event?: unknown; result?: unknown };
    if ('result' in parsed) this.result = JSON.stringify(parsed.result);
    else this.onEvent(parsed.event);
  }
}
