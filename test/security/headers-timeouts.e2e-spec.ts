import { connect } from 'node:net';
import { connectStreamable } from '../support/mcp-clients';
import { freePort } from '../support/processes';
import { RunningSuite } from '../support/suite';
import { TcpProxy } from '../support/tcp-proxy';

jest.setTimeout(120_000);

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 3000;
/** get_system_health waits this long for a service that never answers: a tool call longer than both timeouts. */
const SLOW_CHECK_MS = REQUEST_TIMEOUT_MS + 1500;

interface Cut {
  answer: string;
  elapsedMs: number;
}

/** Opens a connection, sends `bytes` and nothing more, and resolves when the server closes it. */
function sendAndStall(url: string, bytes: string): Promise<Cut> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answer = '';
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(bytes));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, elapsedMs: performance.now() - started }));
  });
}

/**
 * The HTTP server timeouts of every service, set short here: a client that trickles its request
 * line and headers, or its body, is disconnected, while a tool call whose answer takes longer than
 * both timeouts is answered.
 */
describe('HTTP server timeouts', () => {
  let suite: RunningSuite;
  let silentGateway: TcpProxy;

  beforeAll(async () => {
    // What the executor's health check calls "the gateway": accepts connections, never answers.
    silentGateway = new TcpProxy(await freePort(), { host: '127.0.0.1', port: 9 });
    await silentGateway.blackhole();
    suite = await RunningSuite.start({
      env: {
        LFC_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        LFC_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        // The gateway refuses a queue timeout that its request timeout would cut short.
        LFC_GATEWAY_QUEUE_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS / 2),
        LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: 'unlimited',
        LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: 'unlimited',
      },
      serviceEnv: {
        'tool-executor': {
          LFC_GATEWAY_URL: `http://127.0.0.1:${silentGateway.port}`,
          LFC_HEALTH_CHECK_TIMEOUT_MS: String(SLOW_CHECK_MS),
        },
      },
    });
  });

  afterAll(async () => {
    await suite?.stop();
    await silentGateway?.stop();
  });

  const urls = () => ({
    gateway: suite.gatewayUrl,
    auth: suite.authUrl,
    'cost-accounting': suite.backend('cost-accounting').url,
    'tool-executor': suite.backend('tool-executor').url,
  });

  it.each(['gateway', 'auth', 'cost-accounting', 'tool-executor'] as const)(
    '%s disconnects a client that sends part of its headers and stops',
    async (service) => {
      const cut = await sendAndStall(
        urls()[service],
        'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n',
      );
      expect(cut.answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(cut.elapsedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
      // Far above the configured second, far below Node's own default (60 s, checked every 30 s).
      expect(cut.elapsedMs).toBeLessThan(30_000);
    },
  );

  it('disconnects a client that sends its headers but not all of its body', async () => {
    const cut = await sendAndStall(
      suite.gatewayUrl,
      'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":',
    );
    expect(cut.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(cut.elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
  });

  it('answers a tool call that takes longer than both timeouts', async () => {
    const { client } = await connectStreamable(suite.gatewayUrl, suite.apiKey);
    try {
      const started = performance.now();
      const result = (await client.callTool({ name: 'get_system_health', arguments: {} })) as {
        isError?: boolean;
        structuredContent?: { checks: { name: string; status: string }[] };
      };
      expect(performance.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent?.checks.find((check) => check.name.includes('gateway'))?.status).toBe(
        'unhealthy',
      );
    } finally {
      await client.close();
    }
  });
});
