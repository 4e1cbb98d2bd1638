import { generateServiceKeys, serviceKeyEnv } from '@lfc/common';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { ServiceProcess, freePort, spawnService, stopProcess, waitForReady } from '../support/processes';
import { createTestDatabase } from '../support/suite';

jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.LFC_REQUIRE_CHROMIUM === '1') {
  throw new Error(`a browser is required here (apt-get install chromium, at ${CHROMIUM})`);
}
const withChromium = hasChromium ? describe : describe.skip;

/** What went wrong on a page: CSP violations (as the page saw them), script errors, console errors. */
interface Trouble {
  violations: string[];
  errors: string[];
}

/**
 * The OpenAPI pages (Swagger UI) under their real Content-Security-Policy, in a real browser: the
 * UI renders its operations, and the browser reports no violation and no script error.
 */
withChromium('the OpenAPI pages in a browser, under their CSP', () => {
  let browser: Browser;
  let drop: (() => Promise<void>) | undefined;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const logDir = mkdtempSync(join(tmpdir(), 'lfc-e2e-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      // The production setting: HSTS on, and the docs page must still load over the port it is served on.
      LFC_PUBLIC_URL: 'https://mcp.example.com',
    };
    const keys = generateServiceKeys();
    for (const name of ['auth', 'cost-accounting'] as const) {
      services.push(spawnService(name, await freePort(), { ...env, ...serviceKeyEnv(name, keys) }, logDir));
    }
    await Promise.all(services.map((service) => waitForReady(service)));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(services.map((service) => stopProcess(service.child)));
    await drop?.();
  });

  it.each([
    ['auth', 'LangFlow Connect — auth'],
    ['cost-accounting', 'LangFlow Connect — cost accounting'],
  ])('%s: Swagger UI renders its operations with no CSP violation', async (name, title) => {
    const service = services.find((candidate) => candidate.name === name)!;
    const page = await browser.newPage();
    const trouble: Trouble = { violations: [], errors: [] };
    await page.exposeFunction('reportViolation', (text: string) => trouble.violations.push(text));
    // Runs in the page (as text: this project compiles without the DOM types).
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) =>
        window.reportViolation(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')'));`,
    });
    page.on('pageerror', (error) => trouble.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') trouble.errors.push(message.text());
    });
    try {
      const response = await page.goto(`${service.url}/docs`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page
        .locator('.swagger-ui .information-container .title')
        .filter({ hasText: title })
        .waitFor({ timeout: 30_000 });
      await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 30_000 });
      expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(3);
      // Violations are reported asynchronously; a round trip through the page lets pending ones arrive.
      await page.evaluate('new Promise((resolve) => setTimeout(resolve, 0))');
      expect(trouble).toEqual({ violations: [], errors: [] });
    } finally {
      await page.close();
    }
  });
});
