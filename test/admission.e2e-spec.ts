import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Socket, connect } from 'node:net';
import { metricValue } from './support/metrics';
import { freePort } from './support/processes';
import { RunningSuite } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(120_000);

const BACKLOG = 1000;

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A gateway with one place in flight and none waiting, whose executor is reached through a proxy
 * the test can hold: a tool call then hangs for as long as the test wants, holding the only place.
 */
describe('admission control at the gateway, under a load it cannot take', () => {
  let suite: RunningSuite;
  let executorProxy: TcpProxy;
  let gateway: string;
  const inFlight = () => metricValue(gateway, 'lfc_admission_in_flight_requests');
  const ping = () =>
    fetch(`${gateway}/api/v1/tools/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': suite.apiKey },
      body: JSON.stringify({ name: 'ping', arguments: { message: 'admission' } }),
    });

  beforeAll(async () => {
    suite = await RunningSuite.start({ gateways: 0 });
    const executor = new URL(suite.backend('tool-executor').url);
    executorProxy = new TcpProxy(await freePort(), { host: executor.hostname, port: Number(executor.port) });
    await executorProxy.start();
    gateway = (
      await suite.addGateway({
        LFC_EXECUTOR_URL: `http://127.0.0.1:${executorProxy.port}`,
        LFC_GATEWAY_MAX_IN_FLIGHT: '1',
        LFC_GATEWAY_MAX_QUEUED: '0',
        LFC_HTTP_LISTEN_BACKLOG: String(BACKLOG),
      })
    ).url;
  });

  afterAll(async () => {
    await suite?.stop();
    await executorProxy?.stop();
  });

  it('listens with the configured backlog (capped by net.core.somaxconn)', () => {
    const port = new URL(gateway).port;
    // For a listening socket, ss shows the backlog in the Send-Q column.
    const [, , backlog] = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    expect(Number(backlog)).toBe(Math.min(BACKLOG, somaxconn));
  });

  it('refuses what it cannot take at once with 503 and Retry-After, keeps answering probes, and recovers', async () => {
    expect((await ping()).status).toBe(200);
    await until(async () => (await inFlight()) === 0);

    await executorProxy.blackhole();
    const held = ping();
    await until(async () => (await inFlight()) === 1);

    const refused = await ping();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ error: { code: 'overloaded', details: { admission: 'queue_full' } } });
    const mcp = await fetch(`${gateway}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': suite.apiKey,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(mcp.status).toBe(503);
    expect(mcp.headers.get('retry-after')).toBe('1');
    expect(await mcp.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32000, data: { reason: 'overloaded', admission: 'queue_full' } },
    });
    // Probes, the console's page, the API document and Swagger UI are never held back.
    expect((await fetch(`${gateway}/health`)).status).toBe(200);
    expect((await fetch(`${gateway}/console/`)).status).not.toBe(503);
    expect((await fetch(`${gateway}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${gateway}/docs`)).status).toBe(200);
    expect((await fetch(`${gateway}/docs/swagger-ui-init.js`)).status).toBe(200);
    expect((await fetch(`${gateway}/docs/swagger-ui.css`)).status).toBe(200);
    expect(await metricValue(gateway, 'lfc_admission_shed_requests_total', { reason: 'queue_full' })).toBe(2);
    expect(await metricValue(gateway, 'lfc_admission_limit_requests', { kind: 'in_flight' })).toBe(1);
    expect(await metricValue(gateway, 'lfc_admission_limit_requests', { kind: 'in_flight_ceiling' })).toBe(1);

    // The held call ends (its executor connection is cut); its place comes free for the next.
    await executorProxy.start();
    await (await held).arrayBuffer();
    await until(async () => (await inFlight()) === 0);
    const next = await ping();
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ structuredContent: { pong: true, message: 'admission' } });
  });

  it('lets an open SSE stream give its place back, so calls still get in while it stays open', async () => {
    await until(async () => (await inFlight()) === 0);
    const stream = new AbortController();
    const opened = await fetch(`${gateway}/mcp`, {
      headers: { accept: 'text/event-stream', 'x-api-key': suite.apiKey },
      signal: stream.signal,
    });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/event-stream');
    expect(await inFlight()).toBe(0);
    expect((await ping()).status).toBe(200);
    stream.abort();
    await opened.body?.cancel().catch(() => undefined);
  });

  it('gives no place to a request still sending its body, so clients trickling bodies without a key starve nothing', async () => {
    await until(async () => (await inFlight()) === 0);
    const { port } = new URL(gateway);
    // More trickling clients than places: each sends its headers, and once the gateway has taken the
    // request up (its 100 Continue comes after the request's first hooks ran), the start of a chunked
    // body; then it waits.
    const tricklers = await Promise.all(
      Array.from(
        { length: 3 },
        () =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect(Number(port), '127.0.0.1', () =>
              socket.write(
                'POST /api/v1/tools/call HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
                  'expect: 100-continue\r\ntransfer-encoding: chunked\r\n\r\n',
              ),
            );
            socket.once('data', (answer: Buffer) => {
              if (!answer.toString('latin1').startsWith('HTTP/1.1 100 Continue')) {
                reject(new Error(`expected 100 Continue, got ${answer.toString('latin1').slice(0, 80)}`));
                return;
              }
              socket.write('1\r\n{\r\n', () => resolve(socket));
            });
            socket.on('error', reject);
          }),
      ),
    );
    try {
      expect(await inFlight()).toBe(0);
      const call = await ping();
      expect(call.status).toBe(200);
      expect(await call.json()).toMatchObject({ structuredContent: { pong: true } });
    } finally {
      for (const socket of tricklers) socket.destroy();
    }
  });
});
