import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { authenticator } from 'otplib';
import { Page } from 'playwright-core';
import { holdsWithinTries } from '../support/admin-api';
import { accessibilityViolations, describeWithChromium } from '../support/browser';
import {
  ConsolePage,
  ConsoleSuite,
  createPerson,
  openConsole,
  readSetupToken,
  signIn,
  startConsoleSuite,
} from '../support/console';
import { connectStreamable } from '../support/mcp-clients';

jest.setTimeout(180_000);

const PASSWORD = 'correct horse battery staple';

/** The text of the snippet panel the test reads instead of the clipboard where the clipboard is closed. */
async function textOf(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

/**
 * The console's story, in a real browser against the real services: the bootstrap admin opens the
 * setup link, sets a password, turns on two-factor sign-in, makes a key for LangFlow, which an MCP
 * client then uses, and revokes it, after which the client is refused.
 */
describeWithChromium('the web console, as a person uses it', () => {
  let running: ConsoleSuite;
  let admin: ConsolePage;
  let adminEmail: string;
  let recoveryCodes: string[];
  let issuedKey: string;
  let langflowConfig: { mcpServers: Record<string, { url: string; headers: Record<string, string> }> };
  let client: Client;

  beforeAll(async () => {
    running = await startConsoleSuite();
  });

  afterAll(async () => {
    await client?.close();
    await admin?.context.close();
    await running?.stop();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    admin = await openConsole(running, '/console/keys');
    await admin.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(admin.page.url()).pathname).toBe('/console/sign-in');
    expect(await accessibilityViolations(admin.page)).toEqual([]);
  });

  it('lets the bootstrap admin set a password from the setup link, which leaves the address bar', async () => {
    const { page } = admin;
    const token = await readSetupToken(running.suite);
    await page.goto(`${running.origin}/console/setup#token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Set up LangFlow Connect' }).waitFor();
    expect(page.url()).not.toContain(token);
    adminEmail = (await page.locator('form strong').first().textContent()) ?? '';
    expect(adminEmail).toContain('@');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('New password').fill('too short');
    await page.getByLabel('Repeat the password').fill('too short');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    // The contract's own rule, shown before anything is sent.
    await page.getByText(/at least 12|>=12/).waitFor();

    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Protect your account' }).waitFor();
  });

  it('enrols a second factor with a code from the app and shows the recovery codes once', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const secret = (await textOf(page, 'totp-secret')).trim();
    await page.getByLabel('The six-digit code the app shows').fill(authenticator.generate(secret));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    recoveryCodes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(5);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tools' }).waitFor();
  });

  it('keeps the session across a reload without putting the token in storage', async () => {
    const { page } = admin;
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tools' }).waitFor();
    const storage = await page.evaluate(
      'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })',
    );
    expect(JSON.parse(storage as string)).toEqual({ local: {}, session: {} });
  });

  it('calls a tool from its form and shows the result and its latency', async () => {
    const { page } = admin;
    const ping = page.getByTestId('tool-ping');
    await ping.getByRole('button', { name: 'Try it' }).click();
    await ping.getByRole('button', { name: 'Call the tool' }).click();
    const result = ping.getByTestId('tool-result');
    await result.waitFor();
    expect(await result.getByText('ok', { exact: true }).count()).toBe(1);
    expect(await ping.getByTestId('tool-latency').textContent()).toMatch(/^\d+ ms$/);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('creates a key with scopes from the catalog and shows it once with the LangFlow configuration', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'Create a key' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('langflow');
    await page.getByRole('checkbox', { name: 'ping' }).check();
    await page.getByRole('checkbox', { name: 'estimate_cost' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();

    await page.getByTestId('issued-key').waitFor();
    issuedKey = (await textOf(page, 'issued-key-secret')).trim();
    expect(issuedKey).toMatch(/^lfc_/);
    langflowConfig = JSON.parse(await textOf(page, 'snippet-langflow'));
    expect(langflowConfig.mcpServers['langflow-connect']).toEqual({
      url: `${running.origin}/mcp`,
      headers: { 'x-api-key': issuedKey },
    });
    // The other clients' tabs, reached with the arrow keys as the tabs pattern has it.
    await page.getByRole('tab', { name: 'LangFlow (Streamable HTTP)' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'LangFlow (SSE, older versions)' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(JSON.parse(await textOf(page, 'snippet-langflow-sse')).mcpServers['langflow-connect'].url).toBe(
      `${running.origin}/sse`,
    );
    expect(JSON.parse(await textOf(page, 'snippet-claude-desktop')).mcpServers['langflow-connect'].env).toEqual({
      LFC_API_KEY: issuedKey,
    });
    await page.getByRole('tab', { name: 'LangFlow (Streamable HTTP)' }).click();
    // The copy button puts exactly that block on the clipboard.
    await page.getByRole('button', { name: 'Copy LangFlow (Streamable HTTP)' }).click();
    expect(JSON.parse(await page.evaluate<string>('navigator.clipboard.readText()'))).toEqual(langflowConfig);

    const row = page.getByTestId('key-row-langflow');
    await row.waitFor();
    expect(await row.textContent()).toContain('estimate_cost');
    expect(await row.getByText('active').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('gives an MCP client with the pasted configuration the tools the key was made for', async () => {
    const server = langflowConfig.mcpServers['langflow-connect']!;
    ({ client } = await connectStreamable(new URL(server.url).origin, server.headers['x-api-key']!));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['estimate_cost', 'ping']);
    const answer = await client.callTool({ name: 'ping', arguments: {} });
    expect(answer.isError).toBeFalsy();
  });

  it('changes the key in place: a lower rate limit and the confirmation of destructive calls', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Edit langflow' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit “langflow”' });
    await dialog.getByRole('spinbutton', { name: 'Calls per minute' }).fill('30');
    await dialog.getByRole('checkbox', { name: 'Ask before destructive calls' }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = page.getByTestId('key-row-langflow');
    await row.getByText('30/min').waitFor();
    expect(await row.getByText('confirms destructive').count()).toBe(1);
  });

  it('revokes the key after asking, and the client is refused from then on', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Revoke langflow' }).click();
    const dialog = page.getByRole('dialog', { name: /Revoke “langflow”/ });
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByTestId('key-row-langflow').getByText('revoked').waitFor();

    const refusal = async (attempt: Promise<unknown>) => {
      try {
        await attempt;
        return '';
      } catch (error) {
        return String(error);
      }
    };
    // The session it holds, and any new one.
    const refused = await holdsWithinTries(
      async () =>
        (await refusal(client.callTool({ name: 'ping', arguments: {} }, undefined, { timeout: 5000 }))).includes(
          'invalid_api_key',
        ),
      20,
    );
    expect(refused).toBe(true);
    expect(await refusal(connectStreamable(running.origin, issuedKey))).toContain('invalid_api_key');
  });

  it('fits a phone, with the navigation behind a menu button, and remembers the theme', async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${running.origin}/console/keys`);
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Console' });
    expect(await nav.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    // Nothing wider than the screen but the key table, which scrolls inside its own region.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    await page.getByLabel('Theme').selectOption('dark');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe('dark');
    // The dark colours on a phone, a page with forms, alerts and badges.
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(JSON.parse(await page.evaluate<string>('JSON.stringify({ ...localStorage })'))).toEqual({
      'lfc-console-theme': 'dark',
    });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('signs back in with the password and, when asked for the second factor, a recovery code', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // The password alone is refused, as a wrong one would be; the page then offers the code step.
    await page.getByRole('textbox', { name: 'Email' }).fill(adminEmail);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Enter a one-time code' }).click();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Console' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Users' }).count()).toBe(
      1,
    );
    expect(admin.trouble).toEqual({ violations: [], errors: [] });
  });

  it('shows a person without the admin role no admin pages, and says so at their addresses', async () => {
    const email = 'dev@example.com';
    await createPerson(running.suite, { email, password: PASSWORD, role: 'developer' });
    const developer = await openConsole(running, '/console/admin/users');
    try {
      const { page } = developer;
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await signIn(page, { email, password: PASSWORD });
      // Back where the person was going, which is not theirs to see.
      await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      const nav = page.getByRole('navigation', { name: 'Console' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Tools', 'API keys', 'Usage', 'Cost', 'Account']);
      expect(developer.trouble).toEqual({ violations: [], errors: [] });
    } finally {
      await developer.context.close();
    }
  });
});
