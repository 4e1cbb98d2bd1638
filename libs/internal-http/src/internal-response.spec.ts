import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { exchange } from './internal-response';

describe('exchange', () => {
  let server: Server;
  let pool: Pool;
  let handle: (request: IncomingMessage, response: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((request, response) => handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 2 });
  });

  afterAll(async () => {
    await pool.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body: string) => ({
    method: 'POST' as const,
    path: '/call',
    headers: { 'content-type': 'application/json' },
    body,
  });

  it('answers with the status and the whole body, and sends the request body', async () => {
    handle = (request, response) => {
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part));
      request.on('end', () => {
        response.writeHead(409, { 'content-type': 'application/json' });
        // Written in two parts: the answer is joined, not cut at the first chunk.
        response.write(`{"echo":${Buffer.concat(parts).toString('utf8')},`);
        response.end('"note":"naïve ✓"}');
      });
    };
    const answer = await exchange(pool, post('{"name":"ping"}'));
    expect(answer).toEqual({ statusCode: 409, text: '{"echo":{"name":"ping"},"note":"naïve ✓"}' });
  });

  it('passes on each event of a stream and answers with its result line, a character split between chunks kept whole', async () => {
    const check = Buffer.from('{"event":{"message":"✓"}}\n', 'utf8');
    const split = check.indexOf(Buffer.from('✓', 'utf8')) + 1;
    handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.write(check.subarray(0, split));
      setImmediate(() => {
        response.write(check.subarray(split));
        response.end('{"event":{"progress":2}}\n{"result":{"ok":true}}\n');
      });
    };
    const events: unknown[] = [];
    const answer = await exchange(pool, post('{}'), { onEvent: (event) => events.push(event) });
    expect(events).toEqual([{ message: '✓' }, { progress: 2 }]);
    expect(answer).toEqual({ statusCode: 200, text: '{"ok":true}' });
  });

  it('reads a stream whole when nobody listens for its events, and an error answer whole even when someone does', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.end('{"result":1}\n');
    };
    expect((await exchange(pool, post('{}'))).text).toBe('{"result":1}\n');
    handle = (_request, response) => {
      response.writeHead(400, { 'content-type': 'application/x-ndjson' });
      response.end('{"error":{"code":"validation_failed","message":"no"}}');
    };
    const onEvent = jest.fn();
    const refused = await exchange(pool, post('{}'), { onEvent });
    expect(refused).toEqual({ statusCode: 400, text: '{"error":{"code":"validation_failed","message":"no"}}' });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('fails on a stream line that is not JSON', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.end('not json\n');
    };
    await expect(exchange(pool, post('{}'), { onEvent: () => undefined })).rejects.toThrow(SyntaxError);
  });

  it('stops waiting, and closes the request, when the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('caller went away');
    let closed!: () => void;
    const requestClosed = new Promise<void>((resolve) => (closed = resolve));
    // Aborted once the request has arrived, and never answered: only the abort can end the wait.
    handle = (request) => {
      request.socket.once('close', closed);
      controller.abort(reason);
    };
    await expect(exchange(pool, post('{}'), { signal: controller.signal })).rejects.toBe(reason);
    await requestClosed;
  });

  it('does not send a request whose signal has already aborted', async () => {
    const handled = jest.fn();
    handle = handled;
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(exchange(pool, post('{}'), { signal: controller.signal })).rejects.toThrow('too late');
    expect(handled).not.toHaveBeenCalled();
  });
});
