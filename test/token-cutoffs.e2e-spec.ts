import type { JWTPayload } from 'jose';
import { Client } from 'pg';
import { ANNOUNCED, adminCall, callPing, holdsWithinTries } from './support/admin-api';
import { signWithAuthKey } from './support/auth-tokens';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

const password = 'correct horse battery staple';
const reasonOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as JWTPayload & {
    iat: number;
    ver: number;
    role: string;
  };

describe('access tokens after a change to the user’s access', () => {
  let suite: RunningSuite;

  beforeAll(async () => {
    suite = await RunningSuite.start({ gateways: 2 });
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const gateway = (index: number) => suite.gateways[index]!.url;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const costSummary = (token: string) =>
    fetch(`${suite.backend('cost-accounting').url}/api/v1/cost/summary`, { headers: bearer(token) });

  async function createUser(email: string, role: string): Promise<string> {
    const created = await adminCall<{ id: string }>(
      suite,
      'POST',
      '/api/v1/auth/users',
      { apiKey: suite.apiKey },
      { email, password, role },
    );
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function login(email: string, secret = password): Promise<string> {
    const answer = await adminCall<{ accessToken: string }>(
      suite,
      'POST',
      '/api/v1/auth/login',
      {},
      { email, password: secret },
    );
    expect(answer.status).toBe(200);
    return answer.body.accessToken;
  }

  /**
   * Waits until every gateway refuses the token with revoked_token, and checks how. "Within 1 s" is
   * counted in back-to-back tries (see holdsWithinTries), so machine load cannot break it.
   */
  async function expectRefusedEverywhereWithin1s(token: string): Promise<void> {
    for (const index of [0, 1]) {
      expect(
        await holdsWithinTries(async () => (await callPing(gateway(index), bearer(token))).status === 401, ANNOUNCED),
      ).toBe(true);
      const refusal = await callPing(gateway(index), bearer(token));
      expect(refusal.headers.get('www-authenticate')).toMatch(
        /^Bearer realm="langflow-connect", error="invalid_token", error_description="[^"]*log in again", resource_metadata="/,
      );
      const body = (await refusal.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({
        code: 'revoked_token',
        message: expect.stringContaining('log in again') as unknown,
      });
    }
  }

  it('refuses a deactivated user’s token on both gateways and cost-accounting within 1 s; after reactivation a new login works', async () => {
    const userId = await createUser('leaver@example.com', 'developer');
    const token = await login('leaver@example.com');
    for (const index of [0, 1]) expect((await callPing(gateway(index), bearer(token))).status).toBe(200);
    expect((await costSummary(token)).status).toBe(200);

    const deactivated = await adminCall(
      suite,
      'PATCH',
      `/api/v1/auth/users/${userId}`,
      { apiKey: suite.apiKey },
      { isActive: false },
    );
    expect(deactivated.status).toBe(200);
    await expectRefusedEverywhereWithin1s(token);
    expect(await holdsWithinTries(async () => (await costSummary(token)).status === 401, ANNOUNCED)).toBe(true);
    expect(await reasonOf(await costSummary(token))).toBe('revoked_token');
    expect(
      (await adminCall(suite, 'POST', '/api/v1/auth/login', {}, { email: 'leaver@example.com', password })).status,
    ).toBe(401);

    expect(
      (await adminCall(suite, 'PATCH', `/api/v1/auth/users/${userId}`, { apiKey: suite.apiKey }, { isActive: true }))
        .status,
    ).toBe(200);
    const fresh = await login('leaver@example.com');
    for (const index of [0, 1]) expect((await callPing(gateway(index), bearer(fresh))).status).toBe(200);
    expect((await costSummary(fresh)).status).toBe(200);
    expect((await callPing(gateway(0), bearer(token))).status).toBe(401);
  });

  it('refuses a demoted admin’s token on both gateways within 1 s; a fresh login carries the new role', async () => {
    const userId = await createUser('demoted@example.com', 'admin');
    const token = await login('demoted@example.com');
    const audit = (index: number, credential: string) =>
      fetch(`${gateway(index)}/api/v1/audit`, { headers: bearer(credential) });
    for (const index of [0, 1]) expect((await audit(index, token)).status).toBe(200);

    await adminCall(suite, 'PATCH', `/api/v1/auth/users/${userId}`, { apiKey: suite.apiKey }, { role: 'user' });
    await expectRefusedEverywhereWithin1s(token);
    expect((await audit(0, token)).status).toBe(401);

    const fresh = await login('demoted@example.com');
    expect(claimsOf(fresh).role).toBe('user');
    for (const index of [0, 1]) {
      expect((await audit(index, fresh)).status).toBe(403);
      expect((await callPing(gateway(index), bearer(fresh))).status).toBe(200);
    }
  });

  it('refuses tokens from before a password change; the new login’s token works, also when issued in the second of the change', async () => {
    await createUser('changer@example.com', 'user');
    const before = await login('changer@example.com');
    const newPassword = 'a brand new passphrase 42';
    const changed = await adminCall(
      suite,
      'POST',
      '/api/v1/auth/me/password',
      { token: before },
      { currentPassword: password, newPassword },
    );
    expect(changed.status).toBe(204);
    const after = await login('changer@example.com', newPassword);

    const db = new Client({ connectionString: suite.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ tokens_not_before: Date }>(
      "SELECT tokens_not_before FROM auth.users WHERE email = 'changer@example.com'",
    );
    await db.end();
    const cutoffSecond = Math.floor(rows[0]!.tokens_not_before.getTime() / 1000);
    expect(claimsOf(after).iat).toBeGreaterThanOrEqual(cutoffSecond);
    expect(claimsOf(after).ver).toBe(claimsOf(before).ver + 1);
    // The new login's token as issued in the second of the change, whichever second a loaded machine
    // let the login land in.
    const inTheSecond = await signWithAuthKey(suite.databaseUrl, { ...claimsOf(after), iat: cutoffSecond });

    await expectRefusedEverywhereWithin1s(before);
    for (const index of [0, 1]) {
      expect((await callPing(gateway(index), bearer(after))).status).toBe(200);
      expect((await callPing(gateway(index), bearer(inTheSecond))).status).toBe(200);
    }
  });

  it('refuses the old token on a gateway started after the change (loaded at start, no announcement heard)', async () => {
    const userId = await createUser('late@example.com', 'developer');
    const token = await login('late@example.com');
    await adminCall(suite, 'PATCH', `/api/v1/auth/users/${userId}`, { apiKey: suite.apiKey }, { isActive: false });
    const late = await suite.addGateway();
    const refusal = await callPing(late.url, bearer(token));
    expect([refusal.status, await reasonOf(refusal)]).toEqual([401, 'revoked_token']);
    // The same gateway still takes tokens of users whose access did not change.
    await adminCall(suite, 'PATCH', `/api/v1/auth/users/${userId}`, { apiKey: suite.apiKey }, { isActive: true });
    expect((await callPing(late.url, bearer(await login('late@example.com')))).status).toBe(200);
  });
});
