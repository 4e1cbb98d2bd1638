import { createServer } from 'node:http';
import { drive } from './drive.mjs';

/** A server that answers every path at once except `/never`, which it leaves waiting. */
async function serverThatNeverAnswers() {
  const server = createServer((request, response) => {
    request.resume();
    if (request.url === '/never') return;
    response.end('{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('drive', () => {
  let server;

  beforeAll(async () => {
    server = await serverThatNeverAnswers();
  });

  afterAll(() => server.close());

  it('charges a timeout to the request that got no answer, not to the one sent after it', async () => {
    const mix = ['before', 'never', 'after'].map((name) => ({ label: name, method: 'GET', path: `/${name}` }));
    const result = await drive(server.url, {
      mix,
      identities: [{ apiKey: 'unused' }],
      connections: 1,
      seconds: 5,
      timeoutSeconds: 1,
      origin: Date.now(),
      now: Date.now,
    });
    // Whatever the machine's speed: the connection waits on /never, times out, reconnects and goes
    // on with /after, so at least one timeout falls in 3 s, and every one of them is /never's.
    expect(result.timeouts).toBeGreaterThanOrEqual(1);
    expect(result.byLabel.never).toMatchObject({ timeouts: result.timeouts, requests: 0 });
    expect(result.byLabel.after?.timeouts ?? 0).toBe(0);
    expect(result.byLabel.before?.timeouts ?? 0).toBe(0);
    expect(result.byLabel.after.requests).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
