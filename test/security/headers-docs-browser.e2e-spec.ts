import { generateServiceKeys, serviceKeyEnv } from '@lfc/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { describeWithChromium, launchChromium, watchTrouble } from '../support/browser';
import { ServiceProcess, freePort, spawnService, stopProcess, waitForReady } from '../support/processes';
import { createTestDatabase } from '../support/suite';

jest.setTimeout(120_000);

/**
 * The OpenAPI pages (Swagger UI) under their real Content-Security-Policy, in a real browser: the
 * UI renders its operations, and the browser reports no violation and no script error.
 */
describeWithChromium('the OpenAPI pages in a browser, under their CSP', () => {
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
    browser = await launchChromium();
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
    const trouble = await watchTrouble(page);
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
