// Baseline (c), front: node:http → undici keep-alive pool → the back process. The ceiling of a
// two-service design (gateway → executor) on this machine.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { readBody } from './ping-result.mjs';

const port = Number(process.env.PORT);
const pool = new Pool(process.env.BACK_URL, { connections: 128 });
createServer(async (request, response) => {
  const message = JSON.parse(await readBody(request));
  const upstream = await pool.request({
    method: 'POST',
    path: '/call',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: message.params.name, arguments: message.params.arguments }),
  });
  const result = await upstream.body.json();
  const body = JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
