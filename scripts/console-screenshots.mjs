// `node scripts/console-screenshots.mjs` — the pictures of the web console in docs/images/: starts
// the suite (embedded PGlite; LFC_BENCH_REAL=1 for the machine's PostgreSQL and Redis), seeds a
// month of calls and spend around one developer (as bench/console-reports.mjs does, fewer rows),
// signs in as them in Chromium (/usr/bin/chromium) and writes console-keys.png,
// console-add-to-langflow.png, console-tools.png, console-usage.png and console-cost.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { ROOT, startSuite } from '../bench/lib.mjs';
import { people, seed } from '../bench/support/report-seed.mjs';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'dana@example.com';
const ROWS = 4000;
const IMAGES = join(ROOT, 'docs', 'images');

async function callTool(url, apiKey, name, args) {
  const response = await fetch(`${url}/api/v1/tools/call`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name, arguments: args }),
  });
  if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
}

mkdirSync(IMAGES, { recursive: true });
const suite = await startSuite({ LOG_LEVEL: 'warn', LFC_PUBLIC_API_PROXY: 'true' });
const db = new pg.Client({ connectionString: suite.databaseUrl });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  await db.connect();
  const who = await people(suite, { password: PASSWORD, email: EMAIL, keyName: 'langflow-production' });
  await seed(db, who, ROWS);
  // A few calls of today, through the gateway like any client's.
  for (let call = 0; call < 5; call++) await callTool(suite.url, who.developerKey, 'ping', {});
  await callTool(suite.url, who.developerKey, 'track_token_usage', {
    operation_id: 'screenshot-1',
    model: 'gpt-4o',
    input_tokens: 12_000,
    output_tokens: 3_000,
    operation_type: 'completion',
  });

  // bypassCSP: the waits below are polled in the page, which the console's CSP (no eval) would refuse.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: 'light',
    bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto(`${suite.url}/console/sign-in`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
  const settled = () => page.waitForFunction("document.querySelectorAll('.loading, .chart-pending').length === 0");

  await page.goto(`${suite.url}/console/tools`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await settled();
  await page.screenshot({ path: join(IMAGES, 'console-tools.png') });

  await page.goto(`${suite.url}/console/keys`);
  await page.getByTestId('key-row-langflow-production').waitFor();
  await page.screenshot({ path: join(IMAGES, 'console-keys.png') });

  await page.getByRole('button', { name: 'Create a key' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('langflow-desktop');
  await page.getByRole('button', { name: 'Create key' }).click();
  const issued = page.getByTestId('issued-key');
  await issued.waitFor();
  await issued.screenshot({ path: join(IMAGES, 'console-add-to-langflow.png') });

  await page.goto(`${suite.url}/console/usage?range=30d`);
  await page.getByTestId('usage-total-calls').waitFor();
  await settled();
  await page.screenshot({ path: join(IMAGES, 'console-usage.png'), fullPage: true });

  await page.goto(`${suite.url}/console/cost?range=30d`);
  await page.getByTestId('cost-total').waitFor();
  await settled();
  await page.screenshot({ path: join(IMAGES, 'console-cost.png'), fullPage: true });
  await context.close();
  process.stdout.write(`Screenshots written to ${IMAGES}\n`);
} finally {
  await browser.close();
  await db.end();
  await suite.stop();
}
