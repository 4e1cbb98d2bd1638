import { Page } from 'playwright-core';
import { createKey } from '../support/admin-api';
import { accessibilityViolations, describeWithChromium } from '../support/browser';
import { ConsolePage, ConsoleSuite, createPerson, openConsole, signIn, startConsoleSuite } from '../support/console';
import { callTool, originCall, settled, waitForReportedCalls } from '../support/console-api';

jest.setTimeout(300_000);

const PASSWORD = 'correct horse battery staple';
const THEMES = ['light', 'dark'] as const;

/** Every page of a signed-in admin, each with data to show. */
const ADMIN_PAGES = [
  '/console/tools',
  '/console/keys',
  '/console/usage',
  '/console/cost',
  '/console/account',
  '/console/admin/users',
  '/console/admin/prices',
  '/console/admin/audit',
  '/console/admin/health',
  '/console/no-such-page',
];

/** Waits until the page has its heading and no part of it is still loading, then opens every disclosure. */
async function settle(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await settled(page);
  await page.evaluate("document.querySelectorAll('details').forEach((details) => { details.open = true; })");
}

/** axe-core's findings (WCAG 2.1 A and AA, whatever their impact, so every serious and critical one), named by page. */
async function findings(page: Page, path: string, theme: string): Promise<string[]> {
  return (await accessibilityViolations(page)).map((finding) => `${path} (${theme}): ${finding}`);
}

/** axe-core on every page of the console, in the light and the dark theme: no finding at all. */
describeWithChromium('the web console for assistive technology', () => {
  let running: ConsoleSuite;
  let admin: ConsolePage;
  let user: ConsolePage;

  beforeAll(async () => {
    running = await startConsoleSuite();
    const { suite, origin } = running;
    const adminId = await createPerson(suite, { email: 'ada@example.com', password: PASSWORD, role: 'admin' });
    await createPerson(suite, { email: 'una@example.com', password: PASSWORD, role: 'user' });
    const issued = await createKey(suite, { name: 'a11y-flow', userId: adminId });
    for (let call = 0; call < 3; call++) await callTool(origin, issued.key, 'ping', {});
    await callTool(origin, issued.key, 'track_token_usage', {
      operation_id: 'a11y-1',
      model: 'gpt-4o',
      input_tokens: 1000,
      output_tokens: 500,
      operation_type: 'chat',
    });
    await waitForReportedCalls(origin, issued.key, issued.apiKey.id, 4);
    const budget = await originCall(
      origin,
      'PUT',
      `/api/v1/cost/budgets/user/${adminId}`,
      { apiKey: suite.apiKey },
      {
        monthlyLimitUsd: '0.01',
      },
    );
    expect(budget.status).toBe(201);

    admin = await openConsole(running, '/console/');
    await signIn(admin.page, { email: 'ada@example.com', password: PASSWORD });
    user = await openConsole(running, '/console/');
  });

  afterAll(async () => {
    await admin?.context.close();
    await user?.context.close();
    await running?.stop();
  });

  it.each(THEMES)('finds nothing on the sign-in page and the "Not allowed" page (%s)', async (theme) => {
    const { page } = user;
    await page.emulateMedia({ colorScheme: theme });
    const found: string[] = [];
    if (theme === 'light') {
      await settle(page);
      found.push(...(await findings(page, '/console/sign-in', theme)));
      await signIn(page, { email: 'una@example.com', password: PASSWORD });
    }
    await page.goto(`${running.origin}/console/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    found.push(...(await findings(page, '/console/admin/users as a user', theme)));
    expect(found).toEqual([]);
  });

  it.each(THEMES)('finds nothing on any page of an admin (%s)', async (theme) => {
    const { page } = admin;
    await page.emulateMedia({ colorScheme: theme });
    const found: string[] = [];
    for (const path of ADMIN_PAGES) {
      await page.goto(`${running.origin}${path}`);
      await settle(page);
      found.push(...(await findings(page, path, theme)));
    }
    expect(found).toEqual([]);
  });

  it('finds nothing with the chart split by key and the audit of changes (dark)', async () => {
    const { page } = admin;
    await page.emulateMedia({ colorScheme: 'dark' });
    const found: string[] = [];
    for (const path of [
      '/console/cost?splitBy=key&scope=all',
      '/console/admin/audit?trail=changes',
      '/console/usage?scope=all',
    ]) {
      await page.goto(`${running.origin}${path}`);
      await settle(page);
      found.push(...(await findings(page, path, 'dark')));
    }
    expect(found).toEqual([]);
  });
});
