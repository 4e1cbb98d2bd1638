import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** This hop's W3C traceparent: the caller's trace id with a new span id. */
    traceparent: string;
    /** Absolute deadline (epoch ms) the caller gave us, if any. */
    deadline: number | undefined;
    /** Fields the handlers add to this request's log line (api_key prefix, user_id, tool). */
    logFields: Record<string, string | undefined>;
  }
}

export const REQUEST_ID_HEADER = 'x-request-id';
export const DEADLINE_HEADER = 'x-lfc-deadline';
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : undefined;
}

export function parseDeadline(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string') return undefined;
  const value = Number(header);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** What an outgoing internal call needs to carry from the request that caused it. */
export interface RequestContext {
  requestId: string;
  traceparent: string;
  deadline?: number;
}

export function requestContextOf(request: FastifyRequest): RequestContext {
  return { requestId: request.id, traceparent: request.traceparent, deadline: request.deadline };
}
