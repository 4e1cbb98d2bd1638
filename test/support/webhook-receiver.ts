import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export type WebhookReceiver = Awaited<ReturnType<typeof webhookReceiver>>;

/** A budget webhook receiver on loopback that answers 500 to the first `failures` deliveries. */
export async function webhookReceiver(failures = 0) {
  const received: Array<Record<string, unknown>> = [];
  let attempts = 0;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      attempts += 1;
      if (attempts <= failures) {
        response.writeHead(500).end();
        return;
      }
      received.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/budget-alerts`,
    received,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
