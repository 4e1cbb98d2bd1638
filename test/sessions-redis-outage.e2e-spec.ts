import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { waitFor } from './support/admin-api';
import { INITIALIZE, connectLegacySse, mcpRequest } from './support/mcp-clients';
import { metricValue } from './support/metrics';
import { ServiceProcess, freePort } from './support/processes';
import { REDIS_URL, RunningSuite } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(120_000);

describe('MCP sessions while a gateway loses Redis', () => {
  let suite: RunningSuite;
  let proxy: TcpProxy;
  /** Reaches Redis only through the proxy. */
  let cut: ServiceProcess;
  /** Connects as a Redis user that may not PUBLISH: every broadcast it makes fails, the rest works. */
  let mute: ServiceProcess;
  let admin: Redis;
  const muteUser = `lfc-test-nopub-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gateways: 1 });
    const redis = new URL(REDIS_URL);
    proxy = new TcpProxy(await freePort(), { host: redis.hostname, port: Number(redis.port || 6379) });
    await proxy.start();
    cut = await suite.addGateway({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });

    admin = new Redis(REDIS_URL);
    const password = randomBytes(12).toString('hex');
    await admin.call('ACL', 'SETUSER', muteUser, 'on', `>${password}`, '~*', '&*', '+@all', '-publish');
    const muted = new URL(REDIS_URL);
    muted.username = muteUser;
    muted.password = password;
    mute = await suite.addGateway({ REDIS_URL: muted.toString() });
  });

  afterAll(async () => {
    await proxy?.stop();
    await suite?.stop();
    await admin?.call('ACL', 'DELUSER', muteUser).catch(() => undefined);
    admin?.disconnect();
  });

  it.each([
    ['refuses connections', (proxied: TcpProxy) => proxied.stop()],
    ['accepts connections and never answers', (proxied: TcpProxy) => proxied.blackhole()],
  ])('answers a legacy SSE client on its stream while Redis %s, and the gateway stays up', async (_kind, cutRedis) => {
    await cutRedis(proxy);
    try {
      const endedBefore = await metricValue(cut.url, 'lfc_mcp_sessions_ended_total');
      const { client } = await connectLegacySse(cut.url, suite.apiKey);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('ping');
      const pong = await client.callTool({ name: 'ping', arguments: { message: 'no redis' } });
      expect(pong.structuredContent).toMatchObject({ pong: true, message: 'no redis' });
      await client.close();
      // The stream's close ends the session (a delete the store cannot take): once it is counted as
      // ended, the failed delete is behind it, and nothing may have escaped.
      await waitFor(async () => (await metricValue(cut.url, 'lfc_mcp_sessions_ended_total')) > endedBefore, 30_000);
      expect((await fetch(`${cut.url}/health`)).status).toBe(200);
      expect(cut.child.exitCode).toBeNull();
      expect(cut.child.signalCode).toBeNull();
    } finally {
      await proxy.start();
    }
  });

  it('writes a session begun during the outage to the store within 2 s of its return, so another gateway serves it', async () => {
    await proxy.stop();
    let sessionId: string | undefined;
    try {
      const begun = await mcpRequest(cut.url, suite.apiKey, INITIALIZE);
      expect(begun.status).toBe(200);
      sessionId = begun.sessionId;
      expect(sessionId).toBeDefined();
      expect(
        (await mcpRequest(suite.gatewayUrl, suite.apiKey, { id: 1, method: 'tools/list' }, sessionId)).status,
      ).toBe(404);
    } finally {
      await proxy.start();
    }
    // Only the other gateway is asked: the one that began the session never serves it again.
    // The budget (2 s) stays a bound in milliseconds: the write-back runs on the gateway's own
    // timers (Redis reconnect, a flush every 250 ms), which neither a count nor an announcement stands
    // in for; 2.5 s leaves a loaded machine ten flush periods of slack.
    const took = await waitFor(
      async () =>
        (await mcpRequest(suite.gatewayUrl, suite.apiKey, { id: 2, method: 'tools/list' }, sessionId)).status === 200,
      2500,
      100,
    );
    expect(took).toBeLessThan(2500);
    const call = await mcpRequest(
      suite.gatewayUrl,
      suite.apiKey,
      { id: 3, method: 'tools/call', params: { name: 'ping', arguments: {} } },
      sessionId,
    );
    expect(call.body?.result).toBeDefined();
  });

  it('ends a session on DELETE /mcp without a 5xx when the broadcast fails, and forgets it on that gateway', async () => {
    const begun = await mcpRequest(mute.url, suite.apiKey, INITIALIZE);
    expect(begun.status).toBe(200);
    const sessionId = begun.sessionId;
    expect((await mcpRequest(mute.url, suite.apiKey, { id: 1, method: 'tools/list' }, sessionId)).status).toBe(200);

    const ended = await mcpRequest(mute.url, suite.apiKey, undefined, sessionId, 'DELETE');
    expect(ended.status).toBe(200);
    expect((await mcpRequest(mute.url, suite.apiKey, { id: 2, method: 'tools/list' }, sessionId)).status).toBe(404);
    expect((await mcpRequest(suite.gatewayUrl, suite.apiKey, { id: 3, method: 'tools/list' }, sessionId)).status).toBe(
      404,
    );
  });
});
