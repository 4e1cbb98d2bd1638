import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';

export interface HeaderProxy {
  port: number;
  close: () => Promise<void>;
}

/**
 * A loopback HTTP proxy that adds headers (an API key) to every request and passes everything
 * else through unchanged, streaming both ways: method, path, Host and Origin included, so the
 * target's Host and Origin checks see what the client sent. For clients that cannot send headers
 * of their own, such as the MCP conformance CLI.
 */
export async function headerProxy(target: string, added: Record<string, string>): Promise<HeaderProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    // Raw headers keep names, order and repeats exactly as the client sent them.
    const headers = [...incoming.rawHeaders, ...Object.entries(added).flat()];
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        // SSE answers must reach the client as they are written, not when the stream ends.
        outgoing.flushHeaders();
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`header proxy: ${error.message}`);
    });
    // A client that goes away (a cancelled stream) takes its upstream request with it.
    outgoing.on('close', () => forwarded.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
