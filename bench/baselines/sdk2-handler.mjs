// Baseline (d): SDK 2.x's own 2026-07-28 serving entry — `createMcpHandler` (a fresh McpServer from
// the factory for every request, as the entry does) mounted on node:http with `toNodeHandler` from
// @modelcontextprotocol/node, the documented way for Node servers — serving the same `ping` tool.
import { toNodeHandler } from '@modelcontextprotocol/node';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { createServer } from 'node:http';
import { z } from 'zod';
import { pingResult } from './ping-result.mjs';

function buildServer() {
  const server = new McpServer({ name: 'baseline', version: '1.0.0' });
  server.registerTool(
    'ping',
    { description: 'ping', inputSchema: z.object({ message: z.string().optional() }) },
    async () => pingResult(),
  );
  return server;
}

const handler = createMcpHandler(buildServer);
const port = Number(process.env.PORT);
createServer(toNodeHandler(handler)).listen(port, '127.0.0.1', () => process.send?.('ready'));
