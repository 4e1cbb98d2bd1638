import { adminCall } from '../support/admin-api';
import { RunningSuite } from '../support/suite';

jest.setTimeout(120_000);

type Answer = { error?: { code: string; message: string }; id?: string };

/**
 * Values PostgreSQL refuses (a NUL in text, a taken unique name, a value wider than its column) reach
 * it through routes that forgot a bound; each must come back as the caller's 4xx naming the problem,
 * never a 500, and nothing stored may change. On the real services and database.
 */
describe('values the database refuses', () => {
  let suite: RunningSuite;
  const admin = () => ({ apiKey: suite.apiKey });

  beforeAll(async () => {
    suite = await RunningSuite.start({ env: { LFC_SELF_REGISTRATION: 'true' } });
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('answers a NUL in a key name, a price filter or an audit filter with 400', async () => {
    const key = await adminCall<Answer>(suite, 'POST', '/api/v1/auth/keys', admin(), { name: 'a\u0000b' });
    expect([key.status, key.body.error?.code]).toEqual([400, 'validation_failed']);
    expect(key.body.error?.message).toMatch(/NUL/);
    const prices = await fetch(`${suite.backend('cost-accounting').url}/api/v1/cost/prices?model=a%00b`, {
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(prices.status).toBe(400);
    const audit = await adminCall<Answer>(suite, 'GET', '/api/v1/auth/audit?action=a%00b', admin());
    expect(audit.status).toBe(400);
    const requests = await fetch(`${suite.gatewayUrl}/api/v1/audit?action=a%00b`, {
      headers: { 'x-api-key': suite.apiKey },
    });
    expect(requests.status).toBe(400);
  });

  it('answers a taken username with 409, and an address that is somebody else’s with 400', async () => {
    const first = await adminCall<Answer>(suite, 'POST', '/api/v1/auth/users', admin(), {
      email: 'first@example.com',
      username: 'shared-name',
    });
    expect(first.status).toBe(201);
    const again = await adminCall<Answer>(suite, 'POST', '/api/v1/auth/users', admin(), {
      email: 'second@example.com',
      username: 'shared-name',
    });
    expect([again.status, again.body.error?.message]).toEqual([409, 'a record with the same username already exists']);
    const squat = await fetch(`${suite.authUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'squatter@example.com',
        username: 'colleague@example.com',
        password: 'a long enough passphrase',
      }),
    });
    expect(squat.status).toBe(400);
    // The colleague can still have the username that is theirs by default.
    const colleague = await adminCall<Answer>(suite, 'POST', '/api/v1/auth/users', admin(), {
      email: 'colleague@example.com',
    });
    expect(colleague.status).toBe(201);
  });

  it('creates one user of several registering one email at once; the others get 409', async () => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${suite.authUrl}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'race@example.com', password: 'a long enough passphrase' }),
        }).then((response) => response.status),
      ),
    );
    expect(answers.sort()).toEqual([201, 409, 409, 409]);
  });

  it('answers an email wider than its column with 400', async () => {
    const long = await adminCall<Answer>(suite, 'POST', '/api/v1/auth/users', admin(), {
      email: `${'a'.repeat(250)}@example.com`,
    });
    expect(long.status).toBe(400);
  });
});
