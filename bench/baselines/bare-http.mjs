// Baseline (b): one bare node:http process answering the same JSON — this machine's ceiling.
import { createServer } from 'node:http';
import { pingResult, readBody } from './ping-result.mjs';

const port = Number(process.env.PORT);
createServer(async (request, response) => {
  const message = JSON.parse(await readBody(request));
  const body = JSON.stringify({ jsonrpc: '2.0', id: message.id, result: pingResult() });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
