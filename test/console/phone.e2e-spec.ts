import { Page } from 'playwright-core';
import { createKey } from '../support/admin-api';
import { describeWithChromium } from '../support/browser';
import { ConsolePage, ConsoleSuite, createPerson, openConsole, signIn, startConsoleSuite } from '../support/console';
import { callTool, horizontalOverflow, waitForReportedCalls } from '../support/console-api';

jest.setTimeout(180_000);

const PASSWORD = 'correct horse battery staple';
/** An iPhone 12 to 15 in portrait. */
const PHONE = { width: 390, height: 844 };

/** Whether the element lies within the window's width (nothing of it cut off at the right). */
async function fitsAcross(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= PHONE.width;
}

/** The console on a phone: the key and usage pages are usable, and no page scrolls sideways. */
describeWithChromium('the web console on a phone', () => {
  let running: ConsoleSuite;
  let phone: ConsolePage;

  beforeAll(async () => {
    running = await startConsoleSuite();
    const { suite, origin } = running;
    const userId = await createPerson(suite, { email: 'pat@example.com', password: PASSWORD, role: 'developer' });
    const issued = await createKey(suite, { name: 'phone-flow', userId });
    await callTool(origin, issued.key, 'ping', {});
    await callTool(origin, issued.key, 'ping', {});
    await waitForReportedCalls(origin, issued.key, issued.apiKey.id, 2);
    phone = await openConsole(running, '/console/');
    // Signed in at the default width (the helper waits for the navigation, which a phone folds away).
    await signIn(phone.page, { email: 'pat@example.com', password: PASSWORD });
    await phone.page.setViewportSize(PHONE);
  });

  afterAll(async () => {
    await phone?.context.close();
    await running?.stop();
  });

  it('opens the navigation from the menu button and reaches the pages', async () => {
    const { page } = phone;
    const nav = page.getByRole('navigation', { name: 'Console' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    // Choosing a page closes the menu again.
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the keys without the page scrolling sideways, and lets a key be created', async () => {
    const { page } = phone;
    await page.goto(`${running.origin}/console/keys`);
    await page.getByTestId('key-row-phone-flow').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.getByRole('button', { name: 'Create a key' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('second-phone-key');
    expect(await fitsAcross(page, 'form button[type="submit"]')).toBe(true);
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('shows usage with its charts, filters and tables within the width of the phone', async () => {
    const { page } = phone;
    await page.goto(`${running.origin}/console/usage`);
    await page.locator('svg title', { hasText: 'Calls per hour' }).waitFor({ state: 'attached' });
    expect(await page.getByTestId('usage-total-calls').textContent()).toBe('2');
    expect(await horizontalOverflow(page)).toBe(0);
    for (const selector of ['.chart', 'form.filters', '.table-scroll'])
      expect(await fitsAcross(page, selector)).toBe(true);

    await page.getByRole('radio', { name: '30 days' }).check();
    await page.locator('svg title', { hasText: 'Calls per day' }).waitFor({ state: 'attached' });
    await page.getByText('Show the data as a table').first().click();
    // The 30 rows of the table scroll inside their own box, not the page.
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('shows cost and budgets within the width of the phone', async () => {
    const { page } = phone;
    await page.goto(`${running.origin}/console/cost`);
    await page.getByRole('heading', { level: 2, name: 'Budgets' }).waitFor();
    await page.getByTestId('cost-total').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });
});
