import { SERVICE_VERSION, toDomainError } from '@lfc/common';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

/** Stateless revisions (per-request `_meta`, no `initialize`, no session), served on POST /mcp. */
export const STATELESS_VERSIONS = ['2026-07-28'] as const;
/** Session revisions, begun by `initialize`; 2024-11-05 only over the legacy HTTP+SSE transport. */
export const STREAMABLE_HTTP_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
export const LEGACY_SSE_VERSION = '2024-11-05';
/** Revisions that begin with `initialize` and live in a session. */
export const SESSION_VERSIONS: readonly string[] = [...STREAMABLE_HTTP_VERSIONS, LEGACY_SSE_VERSION];
export const SUPPORTED_VERSIONS: readonly string[] = [...STATELESS_VERSIONS, ...SESSION_VERSIONS];

export const SESSION_HEADER = 'mcp-session-id';
export const PROTOCOL_VERSION_HEADER = 'mcp-protocol-version';

/** A DI token: whether answers stream as SSE ('sse') or come as one JSON body unless a call asks for progress ('json'). */
export const MCP_RESPONSE_MODE = Symbol('MCP_RESPONSE_MODE');

/** What the server offers, the same in every revision: tools, and notice when their list changes. */
export const SERVER_CAPABILITIES = { tools: { listChanged: true } };

export const SERVER_INFO = { name: 'langflow-connect', title: 'LangFlow Connect', version: SERVICE_VERSION };

export const SERVER_INSTRUCTIONS =
  'LangFlow Connect tools: files on object storage, code analysis, system status and LLM cost tracking. ' +
  'Call tools/list to see the tools your API key may use.';

/** The revision an `initialize` gets: the one it asked for when it is a session revision we speak, else our latest. */
export function negotiateVersion(requested: unknown): string {
  return typeof requested === 'string' && SESSION_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION;
}

export type JsonRpcId = string | number;

export interface JsonRpcResult {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: Record<string, unknown>;
}

export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  error: { code: number; message: string; data?: unknown };
}

export type JsonRpcAnswer = JsonRpcResult | JsonRpcErrorResponse;

export function rpcResult(id: JsonRpcId, result: Record<string, unknown>): JsonRpcResult {
  return { jsonrpc: '2.0', id, result };
}

export function rpcError(id: JsonRpcId | null, code: number, message: string, data?: unknown): JsonRpcErrorResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

/** Any failure as the JSON-RPC error a client sees: the domain error's code, message, reason and details. */
export function rpcErrorOf(id: JsonRpcId | null, error: unknown): JsonRpcErrorResponse {
  const mapped = toDomainError(error);
  return rpcError(id, mapped.jsonRpcCode, mapped.message, { reason: mapped.code, ...mapped.details });
}

/** Whether an Accept header admits a media type (exactly, by `type/*`, or by `*\/*`). */
export function accepts(header: string | undefined, mediaType: string): boolean {
  if (!header) return false;
  const [type] = mediaType.split('/');
  return header
    .split(',')
    .map((part) => (part.split(';', 1)[0] ?? '').trim().toLowerCase())
    .some((range) => range === mediaType || range === '*/*' || range === `${type}/*`);
}

/** Whether a request asked for progress notifications, which only a streamed (SSE) answer can carry. */
export function hasProgressToken(params: Record<string, unknown> | undefined): boolean {
  const meta = params?._meta as { progressToken?: unknown } | undefined;
  return meta?.progressToken !== undefined;
}
