// Baseline (a): the SDK's stateless Streamable HTTP example pattern — a new McpServer and a new
// transport for every request, JSON responses — serving the same `ping` tool.
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { pingResult, readBody } from './ping-result.mjs';

function buildServer() {
  const server = new McpServer({ name: 'baseline', version: '1.0.0' });
  server.registerTool('ping', { description: 'ping', inputSchema: { message: z.string().optional() } }, async () =>
    pingResult(),
  );
  return server;
}

const port = Number(process.env.PORT);
createServer(async (request, response) => {
  const body = JSON.parse(await readBody(request));
  const server = buildServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  response.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(request, response, body);
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
