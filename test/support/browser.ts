import { existsSync, readFileSync } from 'node:fs';
import { Browser, Page, chromium } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); `.ci/run` installs it and sets LFC_REQUIRE_CHROMIUM=1. */
export const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.LFC_REQUIRE_CHROMIUM === '1') {
  throw new Error(`a browser is required here (apt-get install chromium, at ${CHROMIUM})`);
}

/** `describe` where the browser is installed, `describe.skip` elsewhere (never in CI, which requires it). */
export const describeWithChromium = hasChromium ? describe : describe.skip;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** What went wrong on a page: CSP violations (as the page saw them), script errors, console errors. */
export interface Trouble {
  violations: string[];
  errors: string[];
}

/** Starts recording a page's CSP violations, uncaught errors and console errors. */
export async function watchTrouble(page: Page, ignoreConsole: (text: string) => boolean = () => false) {
  const trouble: Trouble = { violations: [], errors: [] };
  await page.exposeFunction('reportViolation', (text: string) => trouble.violations.push(text));
  // Runs in the page (as text: this project compiles without the DOM types).
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      window.reportViolation(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')'));`,
  });
  page.on('pageerror', (error) => trouble.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !ignoreConsole(message.text())) trouble.errors.push(message.text());
  });
  return trouble;
}

/**
 * What axe-core finds against WCAG 2.1 A and AA (contrast, names, labels, landmarks, ARIA) on the
 * page as it is now, one line per rule with the elements that break it. axe is evaluated through
 * the debugging protocol, which the page's CSP does not govern, so the page's own policy stays on.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const found = await page.evaluate<string>(
    `axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((result) =>
      JSON.stringify(result.violations.map((rule) => rule.id + ': ' + rule.nodes.map((node) => node.target.join(' ')).join(', '))))`,
  );
  return JSON.parse(found) as string[];
}
