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
    return fetch(postUrl && init?.method === 'POST' ? rewrite(input instanceof Request ? input.url : input.toString(), postUrl) : input, { ...init, headers });
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
