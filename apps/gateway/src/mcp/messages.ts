import { DomainError } from '@lfc/common';
import { JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyRequest } from 'fastify';
import { JsonRpcRequestMessage } from './mcp-dispatcher';

/** Validates a POST body as one JSON-RPC message or a batch of them. */
export function parseMessages(body: unknown): { messages: JSONRPCMessage[]; batch: boolean } {
  if (body === undefined) throw new DomainError('malformed_json', 'Parse error: the request body is empty');
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new DomainError('invalid_request', 'Invalid Request: the batch is empty');
  const messages = items.map((item) => {
    const parsed = JSONRPCMessageSchema.safeParse(item);
    if (!parsed.success) throw new DomainError('invalid_request', 'Invalid Request: not a JSON-RPC 2.0 message');
    return parsed.data;
  });
  return { messages, batch: Array.isArray(body) };
}

// The messages are validated once by parseMessages; these only tell the validated kinds apart
// (the SDK's type guards would run the zod schemas again).
export function requestsOf(messages: JSONRPCMessage[]): JsonRpcRequestMessage[] {
  const requests: JsonRpcRequestMessage[] = [];
  for (const message of messages) {
    if ('method' in message && 'id' in message) {
      requests.push({ id: message.id, method: message.method, params: message.params });
    }
  }
  return requests;
}

export function requireJsonBody(request: FastifyRequest): void {
  const contentType = (request.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new DomainError('unsupported_media_type', 'Unsupported Media Type: Content-Type must be application/json');
  }
}
