import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface Connected {
  client: Client;
  close: () => Promise<void>;
}

export async function connectStreamable(gatewayUrl: string, apiKey: string, sessionId?: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp`), {
    requestInit: { headers: { 'x-api-key': apiKey } },
    sessionId,
  });
  const client = new Client({ name: 'lfc-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

export async function connectLegacySse(gatewayUrl: string, apiKey: string, postUrl?: string) {
  const withKey: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('x-api-key', apiKey);
    return fetch(
      postUrl && init?.method === 'POST'
        ? rewrite(input instanceof Request ? input.url : input.toString(), postUrl)
        : input,
      { ...init, headers },
    );
  };
  // The legacy transport is what LangFlow 1.4–1.6 speaks, so the gateway must keep serving it.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const transport = new SSEClientTransport(new URL(`${gatewayUrl}/sse`), { fetch: withKey });
  const client = new Client({ name: 'lfc-e2e-legacy', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

/** Sends a POST meant for one gateway to another (same path and query). */
function rewrite(url: string, otherBase: string): string {
  const original = new URL(url);
  return `${otherBase}${original.pathname}${original.search}`;
}

/** An `initialize` request of a current client, for raw JSON-RPC tests. */
export const INITIALIZE = {
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

/** What a raw /mcp answer's JSON carries (the fields the tests read). */
export interface McpReply {
  result?: { tools?: { name: string }[] };
  error?: { code: number; message: string; data?: { reason: string; tool?: string; retryable?: boolean } };
}

/**
 * One JSON-RPC message to a gateway's /mcp (or, without a message, another method such as DELETE),
 * below the SDK: answers the status, the session header and the parsed body.
 */
export async function mcpRequest(
  gatewayUrl: string,
  key: string,
  message: Record<string, unknown> | undefined,
  sessionId?: string,
  method = 'POST',
) {
  const response = await fetch(`${gatewayUrl}/mcp`, {
    method,
    headers: {
      ...(message ? { 'content-type': 'application/json' } : {}),
      accept: 'application/json, text/event-stream',
      'x-api-key': key,
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
    body: message ? JSON.stringify({ jsonrpc: '2.0', ...message }) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    sessionId: response.headers.get('mcp-session-id') ?? undefined,
    body: (text ? JSON.parse(text) : undefined) as McpReply | undefined,
  };
}

/** The stateless revision of MCP: no `initialize`, no session; each request carries its envelope. */
export const STATELESS_VERSION = '2026-07-28';

/** The per-request envelope of a 2026-07-28 client, in `params._meta`. */
export const STATELESS_ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': STATELESS_VERSION,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'e2e-2026', version: '1.0.0' },
};

export interface StatelessAnswer {
  status: number;
  headers: Headers;
  body: {
    id?: string | number | null;
    result?: Record<string, unknown> & { resultType?: string; _meta?: Record<string, unknown> };
    error?: { code: number; message: string; data?: Record<string, unknown> };
  };
}

/** One stateless request to a gateway's /mcp, with the headers a 2026-07-28 client sends (overridable). */
export async function statelessRequest(
  gatewayUrl: string,
  key: string,
  message: { id?: string | number; method: string; params?: Record<string, unknown> },
  headers: Record<string, string | undefined> = {},
): Promise<StatelessAnswer> {
  const name = typeof message.params?.name === 'string' ? { 'mcp-name': message.params.name } : {};
  const sent: Record<string, string> = {};
  for (const [header, value] of Object.entries({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'x-api-key': key,
    'mcp-protocol-version': STATELESS_VERSION,
    'mcp-method': message.method,
    ...name,
    ...headers,
  }))
    if (value !== undefined) sent[header] = value;
  const response = await fetch(`${gatewayUrl}/mcp`, {
    method: 'POST',
    headers: sent,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: message.id ?? 1,
      method: message.method,
      params: {
        ...message.params,
        _meta: { ...STATELESS_ENVELOPE, ...(message.params?._meta as object | undefined) },
      },
    }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as StatelessAnswer['body']) : {},
  };
}
