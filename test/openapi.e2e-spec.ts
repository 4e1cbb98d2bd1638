import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser } from 'playwright-core';
import { describeWithChromium, launchChromium, watchTrouble } from './support/browser';
import { RunningSuite } from './support/suite';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..');
const COMMITTED = join(ROOT, 'docs', 'openapi.json');
/** `npm run openapi` runs this file with it set: the served document is written over the committed one. */
const WRITE = process.env.LFC_WRITE_OPENAPI === '1';

type Operations = Record<string, Record<string, unknown>>;

/** `get /api/v1/auth/keys/{id}` for each operation; Nest's `:id` is written `{id}` in both documents. */
function operationsOf(document: { paths: Operations }, prefix: string): string[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith(prefix))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
    .sort();
}

describe('the public API document at the gateway', () => {
  let suite: RunningSuite;
  let served: string;

  beforeAll(async () => {
    suite = await RunningSuite.start();
    const response = await fetch(`${suite.gatewayUrl}/openapi.json`);
    expect(response.status).toBe(200);
    served = await response.text();
    if (WRITE) writeFileSync(COMMITTED, served);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  it('is served to anyone, and is the committed docs/openapi.json', async () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    if (served !== committed) {
      throw new Error(
        'docs/openapi.json differs from the gateway’s /openapi.json: run `npm run openapi` and commit it',
      );
    }
    const document = JSON.parse(served) as { openapi: string; paths: Operations };
    expect(document.openapi).toBe('3.1.0');
    expect(served).not.toContain('127.0.0.1');
  });

  it.each([
    ['auth', '/api/v1/auth'],
    ['cost-accounting', '/api/v1/cost'],
  ])('has every public route of %s that its own Swagger document has, and no other', async (service, prefix) => {
    const own = (await (await fetch(`${suite.backend(service).url}/docs-json`)).json()) as { paths: Operations };
    const document = JSON.parse(served) as { paths: Operations };
    expect(operationsOf(document, prefix)).toEqual(operationsOf(own, prefix));
  });

  it('answers bad requests to its routes with a 4xx, never a 500', async () => {
    const gateway = suite.gatewayUrl;
    const post = await fetch(`${gateway}/openapi.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(post.status).toBeLessThan(500);
    expect((await fetch(`${gateway}/openapi.json?x=%E0%A4%A`)).status).toBe(200);
    expect((await fetch(`${gateway}/docs/no-such-file.js`)).status).toBe(404);
    expect((await fetch(`${gateway}/docs/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  describeWithChromium('Swagger UI at /docs, under its CSP', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('calls a tool with an API key (try it out) and the browser reports no violation', async () => {
      const page = await browser.newPage();
      const trouble = await watchTrouble(page);
      try {
        const response = await page.goto(`${suite.gatewayUrl}/docs`, { waitUntil: 'load' });
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
        await page
          .locator('.swagger-ui .information-container .title')
          .filter({ hasText: 'LangFlow Connect' })
          .waitFor();
        await page.locator('.swagger-ui .auth-wrapper .authorize').click();
        await page.locator('.swagger-ui .dialog-ux input[type=text]').first().fill(suite.apiKey);
        await page.locator('.swagger-ui .dialog-ux .auth-btn-wrapper .authorize').first().click();
        await page.locator('.swagger-ui .dialog-ux .close-modal').click();
        const operation = page.locator('#operations-tools-listTools');
        await operation.locator('.opblock-summary').click();
        await operation.locator('.try-out__btn').click();
        await operation.locator('.execute').click();
        const status = operation.locator('.live-responses-table tbody .response-col_status').first();
        await status.waitFor();
        expect((await status.textContent())?.trim()).toBe('200');
        await page.evaluate('new Promise((resolve) => setTimeout(resolve, 0))');
        expect(trouble).toEqual({ violations: [], errors: [] });
      } finally {
        await page.close();
      }
    });
  });
});

describe('docs/openapi.json under Spectral (spectral:oas)', () => {
  it('has no error', async () => {
    const { stdout } = await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'spectral'),
      [
        'lint',
        COMMITTED,
        '--ruleset',
        join(ROOT, '.spectral.yaml'),
        '--format',
        'json',
        '--fail-severity',
        'error',
        '--quiet',
      ],
      { cwd: ROOT },
    ).catch((error: unknown) => ({ stdout: (error as { stdout?: string }).stdout ?? '' }));
    const errors = (JSON.parse(stdout) as { severity: number; code: string; path: string[]; message: string }[])
      .filter((result) => result.severity === 0)
      .map((result) => `${result.code} at ${result.path.join('.')}: ${result.message}`);
    expect(errors).toEqual([]);
  });
});
