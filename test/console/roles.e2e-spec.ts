import { createKey } from '../support/admin-api';
import { describeWithChromium } from '../support/browser';
import { ConsolePage, ConsoleSuite, createPerson, openConsole, signIn, startConsoleSuite } from '../support/console';
import { callTool, originCall, waitForReportedCalls, watchToken } from '../support/console-api';

jest.setTimeout(180_000);

const PASSWORD = 'correct horse battery staple';
const ADMIN_PAGES = ['/console/admin/users', '/console/admin/prices', '/console/admin/audit', '/console/admin/health'];

/**
 * What a person without the admin role reaches in the console, and what its API calls give them
 * when replayed by hand with their own token: their own data, never anyone else's, and no admin
 * page or admin API at all.
 */
describeWithChromium('the web console for people who are not admins', () => {
  let running: ConsoleSuite;
  let user: ConsolePage;
  let userToken: () => string;
  let developer: ConsolePage;
  let developerToken: () => string;
  const people = { userId: '', developerId: '', otherId: '' };
  let developerKey: { key: string; id: string };
  let otherKey: { key: string; id: string };

  beforeAll(async () => {
    running = await startConsoleSuite();
    const { suite, origin } = running;
    people.userId = await createPerson(suite, { email: 'una@example.com', password: PASSWORD, role: 'user' });
    people.developerId = await createPerson(suite, { email: 'dev@example.com', password: PASSWORD, role: 'developer' });
    people.otherId = await createPerson(suite, { email: 'otto@example.com', password: PASSWORD, role: 'developer' });
    const issued = await createKey(suite, { name: 'dev-flow', userId: people.developerId });
    developerKey = { key: issued.key, id: issued.apiKey.id };
    const others = await createKey(suite, { name: 'otto-flow', userId: people.otherId });
    otherKey = { key: others.key, id: others.apiKey.id };
    for (let call = 0; call < 3; call++) await callTool(origin, developerKey.key, 'ping', {});
    await waitForReportedCalls(origin, developerKey.key, developerKey.id, 3);
    // A budget on each of them, set by an admin: each may see only their own.
    for (const subject of [people.userId, people.developerId]) {
      const set = await originCall(
        origin,
        'PUT',
        `/api/v1/cost/budgets/user/${subject}`,
        { apiKey: suite.apiKey },
        {
          monthlyLimitUsd: '25',
        },
      );
      expect({ status: set.status, body: set.body }).toMatchObject({ status: 201 });
    }

    user = await openConsole(running, '/console/');
    userToken = watchToken(user.page).latest;
    await signIn(user.page, { email: 'una@example.com', password: PASSWORD });
    developer = await openConsole(running, '/console/');
    developerToken = watchToken(developer.page).latest;
    await signIn(developer.page, { email: 'dev@example.com', password: PASSWORD });
  });

  afterAll(async () => {
    await user?.context.close();
    await developer?.context.close();
    await running?.stop();
  });

  it('shows no admin section in the navigation and a "Not allowed" page at every admin address', async () => {
    const { page } = user;
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Usage' }).waitFor();
    for (const name of ['Users', 'Prices', 'Audit', 'Health']) {
      expect(await nav.getByRole('link', { name, exact: true }).count()).toBe(0);
    }
    const adminCalls: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/v1\/(auth\/users|audit|auth\/audit|cost\/prices)/.test(request.url())) adminCalls.push(request.url());
    });
    for (const path of ADMIN_PAGES) {
      await page.goto(`${running.origin}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    }
    // The guard answers before any admin page is loaded, so none of their calls is even tried.
    expect(adminCalls).toEqual([]);
  });

  it("shows a user their own calls only, even when the address asks for everyone's", async () => {
    const { page } = user;
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/usage/')) asked.push(request.url());
    });
    await page.goto(`${running.origin}/console/usage?scope=all`);
    await page.getByRole('heading', { level: 1, name: 'Usage' }).waitFor();
    await page.locator('figcaption', { hasText: 'No calls in this period.' }).first().waitFor();
    expect(await page.getByRole('group', { name: 'Whose calls' }).count()).toBe(0);
    expect(asked.length).toBeGreaterThan(0);
    for (const url of asked) expect(new URL(url).searchParams.get('scope')).toBe('own');
    // The developer's three pings are not theirs.
    expect(await page.getByTestId('usage-total-calls').textContent()).toBe('0');
  });

  it("shows a developer their own key's calls", async () => {
    const { page } = developer;
    await page.goto(`${running.origin}/console/usage`);
    await page.getByRole('heading', { level: 2, name: 'By key' }).waitFor();
    await page.getByRole('cell', { name: /dev-flow/ }).waitFor();
    expect(await page.getByTestId('usage-total-calls').textContent()).toBe('3');
  });

  it('shows a user no budgets and a developer only the budget on themselves', async () => {
    await user.page.goto(`${running.origin}/console/cost`);
    await user.page.getByText('Budgets are shown to developers and administrators').waitFor();

    const { page } = developer;
    await page.goto(`${running.origin}/console/cost`);
    const budgets = page.locator('.budget-list > li');
    await budgets.first().waitFor();
    expect(await budgets.count()).toBe(1);
    await budgets.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await page.getByRole('button', { name: /Remove the budget/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Set a budget' }).count()).toBe(0);
  });

  it("refuses the admin APIs and everyone's reports to a user's own token, replayed by hand", async () => {
    const token = userToken();
    const { origin } = running;
    const refused = [
      ['GET', '/api/v1/auth/users'],
      ['POST', '/api/v1/auth/users', { email: 'mallory@example.com', password: PASSWORD, role: 'admin' }],
      ['PATCH', `/api/v1/auth/users/${people.userId}`, { role: 'admin' }],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/audit/export.csv'],
      ['GET', '/api/v1/audit/verify?writerId=any'],
      ['GET', '/api/v1/audit/writers'],
      ['GET', '/api/v1/auth/audit'],
      ['GET', '/api/v1/auth/audit/verify'],
      ['GET', '/api/v1/usage/series?scope=all'],
      ['GET', '/api/v1/usage/breakdown?by=key&scope=all'],
      ['GET', '/api/v1/usage/export.csv?by=key&scope=all'],
      ['GET', '/api/v1/cost/series?scope=all'],
      ['GET', '/api/v1/cost/summary?scope=all'],
      ['GET', '/api/v1/cost/export.csv?scope=all'],
      ['GET', '/api/v1/cost/budgets'],
      ['PUT', `/api/v1/cost/budgets/user/${people.userId}`, { monthlyLimitUsd: '1000' }],
      ['DELETE', `/api/v1/cost/budgets/user/${people.userId}`],
      [
        'PUT',
        '/api/v1/cost/prices',
        { model: 'gpt-4o', provider: 'openai', inputUsdPerMillion: '0', outputUsdPerMillion: '0' },
      ],
    ] as const;
    for (const [method, path, body] of refused) {
      const answer = await originCall(origin, method, path, { token }, body);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 403 });
    }
  });

  it("gives a user's token no keys at all and none of another person's calls", async () => {
    const token = userToken();
    const { origin } = running;
    // Keys are for developers and admins: the role `user` holds none and may touch none.
    for (const [method, path, body] of [
      ['GET', '/api/v1/auth/keys'],
      ['GET', `/api/v1/auth/keys?userId=${people.developerId}`],
      ['PATCH', `/api/v1/auth/keys/${developerKey.id}`, { name: 'taken' }],
      ['POST', `/api/v1/auth/keys/${developerKey.id}/rotate`, {}],
      ['DELETE', `/api/v1/auth/keys/${developerKey.id}`],
    ] as const) {
      const answer = await originCall(origin, method, path, { token }, body);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 403 });
    }

    // Naming someone else's key narrows one's own calls to nothing, as a key that does not exist would.
    const filtered = await originCall<{ rows: unknown[] }>(
      origin,
      'GET',
      `/api/v1/usage/breakdown?by=key&keyId=${developerKey.id}`,
      { token },
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body.rows).toEqual([]);
    const series = await originCall<{ points: { calls: number }[] }>(
      origin,
      'GET',
      `/api/v1/usage/series?keyId=${developerKey.id}`,
      { token },
    );
    expect(series.body.points.reduce((sum, point) => sum + point.calls, 0)).toBe(0);
  });

  it("gives a developer's token their own keys only and no hold on another developer's", async () => {
    const token = developerToken();
    const { origin } = running;
    const keys = await originCall<{ id: string; userId: string }[]>(origin, 'GET', '/api/v1/auth/keys', { token });
    expect(keys.status).toBe(200);
    expect(keys.body.map((key) => key.id)).toEqual([developerKey.id]);
    const theirs = await originCall(origin, 'GET', `/api/v1/auth/keys?userId=${people.otherId}`, { token });
    expect(theirs.status).toBe(403);
    for (const [method, path, body] of [
      ['PATCH', `/api/v1/auth/keys/${otherKey.id}`, { name: 'taken' }],
      ['POST', `/api/v1/auth/keys/${otherKey.id}/rotate`, {}],
      ['DELETE', `/api/v1/auth/keys/${otherKey.id}`],
    ] as const) {
      const answer = await originCall(origin, method, path, { token }, body);
      expect([403, 404]).toContain(answer.status);
    }
    // Still theirs, still working.
    await callTool(origin, otherKey.key, 'ping', {});
  });

  it("gives a developer's token their own budget only, whatever subject it names", async () => {
    const token = developerToken();
    const { origin } = running;
    const own = await originCall<{ budgets: { subjectId: string }[] }>(origin, 'GET', '/api/v1/cost/budgets', {
      token,
    });
    expect(own.status).toBe(200);
    expect(own.body.budgets.map((budget) => budget.subjectId)).toEqual([people.developerId]);
    const other = await originCall<{ budgets: unknown[] }>(
      origin,
      'GET',
      `/api/v1/cost/budgets?scope=user&subjectId=${people.userId}`,
      { token },
    );
    expect(other.body.budgets).toEqual([]);
    const change = await originCall(
      origin,
      'PUT',
      `/api/v1/cost/budgets/user/${people.userId}`,
      { token },
      {
        monthlyLimitUsd: '1',
      },
    );
    expect(change.status).toBe(403);
  });
});
