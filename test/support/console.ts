import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { adminCall } from './admin-api';
import { Trouble, launchChromium, watchTrouble } from './browser';
import { RunningSuite, SuiteOptions } from './suite';

const BUILT_CONSOLE = join(__dirname, '..', '..', 'dist', 'console', 'index.html');

/** The suite as a person meets it: the gateway serving the built console and forwarding auth and cost on its origin. */
export interface ConsoleSuite {
  suite: RunningSuite;
  browser: Browser;
  /** The gateway's origin, which is the console's and every API's. */
  origin: string;
  stop: () => Promise<void>;
}

export async function startConsoleSuite(options: SuiteOptions = {}): Promise<ConsoleSuite> {
  if (!existsSync(BUILT_CONSOLE)) throw new Error(`no built console at ${BUILT_CONSOLE}: run npm run build first`);
  const suite = await RunningSuite.start({
    ...options,
    gatewayEnv: { LFC_PUBLIC_API_PROXY: 'true', ...options.gatewayEnv },
  });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await suite.stop();
    throw error;
  }
  return {
    suite,
    browser,
    origin: suite.gatewayUrl,
    stop: async () => {
      await browser.close();
      await suite.stop();
    },
  };
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  trouble: Trouble;
}

/** A fresh browser profile (no cookies, no storage) on the console, recording what goes wrong on its pages. */
export async function openConsole(running: ConsoleSuite, path = '/console/'): Promise<ConsolePage> {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.origin });
  const page = await context.newPage();
  // The browser logs every refusal (the first refresh without a cookie, a wrong password) as a failed
  // load; the page handles those, and what it shows of them is what the tests check.
  const trouble = await watchTrouble(page, (text) =>
    text.startsWith('Failed to load resource: the server responded with a status of 4'),
  );
  await page.goto(`${running.origin}${path}`);
  return { context, page, trouble };
}

/** The one-time setup token auth writes at its first start beside its data (`LFC_DATA_DIR`). */
export async function readSetupToken(suite: RunningSuite, tries = 50): Promise<string> {
  const file = join(suite.env.LFC_DATA_DIR ?? '', 'bootstrap-setup-token');
  for (let attempt = 0; attempt < tries; attempt += 1) {
    if (existsSync(file)) {
      const token = readFileSync(file, 'utf8').trim();
      if (token !== '') return token;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`auth wrote no setup token at ${file}`);
}

/** Signs in on the sign-in page (where the console sent the person) and waits for the console to open. */
export async function signIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByRole('textbox', { name: 'Email' }).fill(credentials.email);
  await page.getByLabel(/^Password/).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
}

/** A person with a password, made with the suite's bootstrap key through auth's admin API. */
export async function createPerson(
  suite: RunningSuite,
  person: { email: string; password: string; role: 'admin' | 'developer' | 'user' },
): Promise<string> {
  const { status, body } = await adminCall<{ id: string }>(
    suite,
    'POST',
    '/api/v1/auth/users',
    { apiKey: suite.apiKey },
    person,
  );
  if (status !== 201) throw new Error(`user creation failed: ${status} ${JSON.stringify(body)}`);
  return body.id;
}
