import { Client } from 'pg';
import { adminCall, callPing, createKey, waitFor } from './support/admin-api';
import { freePort } from './support/processes';
import { RunningSuite } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(90_000);

describe('auth when it cannot announce a change (its Redis cut)', () => {
  let suite: RunningSuite;
  let redis: TcpProxy;

  beforeAll(async () => {
    redis = new TcpProxy(await freePort(), { host: '127.0.0.1', port: 6379 });
    await redis.start();
    suite = await RunningSuite.start({
      serviceEnv: { auth: { REDIS_URL: `redis://127.0.0.1:${redis.port}` } },
      // A short key cache, the fallback when an announcement is lost.
      gatewayEnv: { LFC_KEY_CACHE_TTL_MS: '1000' },
    });
  });

  afterAll(async () => {
    await suite?.stop();
    await redis?.stop();
  });

  it('still makes and audits the change (no 5xx), and the gateways follow within their key cache TTL', async () => {
    const key = await createKey(suite, {});
    expect((await callPing(suite.gatewayUrl, { 'x-api-key': key.key })).status).toBe(200);
    const user = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      {
        email: 'leaver@example.com',
        password: 'correct horse battery staple',
        role: 'developer',
      },
    );
    expect(user.status).toBe(201);

    await redis.stop();
    const revoked = await adminCall(suite, 'DELETE', `/api/v1/auth/keys/${key.apiKey.id}`, { apiKey: suite.apiKey });
    expect(revoked.status).toBeLessThan(300);
    const deactivated = await adminCall(
      suite,
      'PATCH',
      `/api/v1/auth/users/${user.body.id}`,
      { apiKey: suite.apiKey },
      { isActive: false },
    );
    expect(deactivated.status).toBe(200);

    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ action: string }>(
      "SELECT action FROM auth.audit_logs WHERE action IN ('api_key.revoke', 'user.update') ORDER BY seq",
    );
    await db.end();
    expect(rows.map((row) => row.action)).toEqual(['api_key.revoke', 'user.update']);
    await waitFor(async () => (await callPing(suite.gatewayUrl, { 'x-api-key': key.key })).status === 401, 3000, 100);
  });
});
