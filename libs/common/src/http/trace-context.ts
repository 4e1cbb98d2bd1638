import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { randomFillSync } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

/** Random hex from a pooled buffer: one getrandom call per 4 KiB instead of one per id. */
function randomHex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/**
 * W3C trace context: keeps the caller's trace id and flags when the incoming header is valid and
 * starts a new span for this hop; otherwise starts a new sampled trace.
 */
export function childTraceparent(incoming: string | undefined): string {
  const match = incoming ? TRACEPARENT.exec(incoming) : null;
  const spanId = randomHex(8);
  if (match && match[1] !== INVALID_TRACE_ID && match[2] !== INVALID_SPAN_ID) {
    return `00-${match[1]}-${spanId}-${match[3]}`;
  }
  return `00-${randomHex(16)}-${spanId}-01`;
}

export function traceIdOf(traceparent: string): string | undefined {
  return TRACEPARENT.exec(traceparent)?.[1];
}

/**
 * This request's traceparent: the OpenTelemetry server span's when tracing is on (so logs and
 * spans share the trace id), else the caller's trace with a new span id.
 */
export function requestTraceparent(incoming: string | undefined): string {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) {
    const { traceId, spanId, traceFlags } = span.spanContext();
    return `00-${traceId}-${spanId}-0${traceFlags & 1}`;
  }
  return childTraceparent(incoming);
}

/** Whether OpenTelemetry propagates trace context on outgoing calls itself. */
export function tracingPropagates(): boolean {
  return trace.getActiveSpan()?.isRecording() === true;
}

/**
 * Runs `work` in the trace a caller named inside its message (MCP 2026-07-28 `_meta.traceparent`)
 * instead of the HTTP request's. With tracing on, `work` runs in a span `name` that is the child of
 * the caller's span and links to the HTTP request's span, so the hops it makes join the caller's
 * trace; with it off, `work` gets a traceparent of the caller's trace to pass on. An invalid or
 * absent traceparent leaves the request's own trace (`current`) in place.
 */
export async function inCallerTrace<T>(
  caller: string | undefined,
  current: string,
  name: string,
  work: (traceparent: string) => Promise<T>,
): Promise<T> {
  const match = caller ? TRACEPARENT.exec(caller) : null;
  if (!match || match[1] === INVALID_TRACE_ID || match[2] === INVALID_SPAN_ID) return work(current);
  const [, traceId = '', spanId = '', flags = '00'] = match;
  const http = trace.getActiveSpan();
  if (!http?.isRecording()) return work(childTraceparent(caller));
  const parent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16),
    isRemote: true,
  });
  return trace
    .getTracer('langflow-connect')
    .startActiveSpan(name, { links: [{ context: http.spanContext() }] }, parent, async (span) => {
      try {
        const context = span.spanContext();
        return await work(`00-${context.traceId}-${context.spanId}-0${context.traceFlags & 1}`);
      } finally {
        span.end();
      }
    });
}
