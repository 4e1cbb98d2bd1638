// Baseline (c), back: answers the forwarded call.
import { createServer } from 'node:http';
import { pingResult, readBody } from './ping-result.mjs';

const port = Number(process.env.PORT);
createServer(async (request, response) => {
  await readBody(request);
  const body = JSON.stringify(pingResult());
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
