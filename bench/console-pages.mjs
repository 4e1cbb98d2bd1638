// `node bench/console-pages.mjs` — the web console as a browser loads it:
//   1. the first load's JavaScript, gzipped: the entry script of dist/console/index.html, the
//      console it imports at once, and every module those import statically, transitively (what the
//      browser must fetch before the first page draws; pages and charts load later, on demand);
//   2. on a suite seeded like bench/console-reports.mjs (100,000 audit records and 100,000 ledger
//      rows over 30 days), the time from navigation start to the usage and cost pages showing their
//      data in Chromium (Debian's /usr/bin/chromium through playwright-core), each page opened in a
//      fresh browser context (empty HTTP cache; the session restored from its refresh cookie, as on
//      a reload); then a reload in a browser that has had the console open before (its files and
//      their compiled code cached), and a click in the open console.
// Writes its section of docs/benchmarks.md; run `npx prettier --write docs/benchmarks.md` after.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { ROOT, replaceSection, startSuite } from './lib.mjs';
import { people, seed } from './support/report-seed.mjs';

const embedded = process.env.LFC_BENCH_EMBEDDED === '1';
const ROWS = Number(process.env.LFC_BENCH_REPORT_ROWS ?? 100_000);
const RUNS = Number(process.env.LFC_BENCH_PAGE_RUNS ?? 5);
const TARGET_MS = 1000;
const BUDGET_BYTES = 300 * 1024;
const PASSWORD = 'correct horse battery staple';
const CONSOLE = join(ROOT, 'dist', 'console');

// ---- 1. first-load JavaScript ------------------------------------------------------------------

/** Static imports of a built module (`import{x as y}from"./chunk.js"`, `import"./side.js"`); `import(…)` is left out. */
function staticImports(source) {
  const found = [];
  const pattern = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
  for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** Dynamic imports of a built module (`import("./chunk.js")`). */
function dynamicImports(source) {
  return [...source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
}

function firstLoad() {
  const html = readFileSync(join(CONSOLE, 'index.html'), 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('dist/console/index.html names no module script: run npm run build');
  const base = '/console/';
  const fileOf = (url) => join(CONSOLE, url.startsWith(base) ? url.slice(base.length) : url);
  const files = new Map();
  const visit = (file, imports = staticImports) => {
    if (files.has(file)) return;
    const source = readFileSync(file);
    files.set(file, { bytes: source.length, gzip: gzipSync(source).length });
    for (const imported of imports(source.toString('utf8'))) {
      if (imported.startsWith('.')) visit(join(dirname(file), imported));
    }
  };
  // The entry is a small first script that imports the console itself at once: that import is
  // part of the first load, unlike the pages' and charts' imports further down.
  visit(fileOf(entry), (source) => [...staticImports(source), ...dynamicImports(source)]);
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((match) => {
    const source = readFileSync(fileOf(match[1]));
    return { bytes: source.length, gzip: gzipSync(source).length };
  });
  const sum = (list, field) => list.reduce((total, item) => total + item[field], 0);
  return {
    modules: files.size,
    jsBytes: sum([...files.values()], 'bytes'),
    jsGzip: sum([...files.values()], 'gzip'),
    cssGzip: sum(css, 'gzip'),
  };
}

// ---- 2. pages with data --------------------------------------------------------------------------

/** Every chart of the page drawn (the charts' code arrives apart from the page's, after the figures). */
const CHARTS_DRAWN =
  "document.querySelectorAll('.chart-pending').length === 0 && document.querySelector('svg.recharts-surface') !== null";

/** The page's figures and tables drawn, `ready` among them, with nothing left loading. */
const dataDrawn = (ready) =>
  `document.querySelector(${JSON.stringify(ready)}) !== null && document.querySelectorAll('.loading').length === 0`;

/**
 * The page's clock (ms since navigation start) at the first animation frame where `condition`
 * holds: read in the page when it first holds, so the round trip back to this script is not counted.
 */
async function drawnAt(page, condition) {
  const handle = await page.waitForFunction(`(${condition}) && performance.now()`, undefined, {
    timeout: 30_000,
    polling: 'raf',
  });
  return handle.jsonValue();
}

/**
 * Milliseconds from the navigation's start to the page showing `ready` with nothing left loading,
 * in a profile holding a fresh session's refresh cookie (a refresh token is good for one refresh).
 */
async function timeToData(browser, storageState, url, ready) {
  // The readiness check below is polled in the page, which the console's CSP (no eval) would refuse.
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 900 }, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const data = await drawnAt(page, dataDrawn(ready));
    const charts = await drawnAt(page, CHARTS_DRAWN);
    if (process.env.LFC_BENCH_DEBUG) {
      const entries = await page.evaluate(
        "performance.getEntriesByType('resource').map((e) => `${Math.round(e.startTime)}+${Math.round(e.duration)} ${e.name.replace(location.origin, '')}`).join('\\n')",
      );
      process.stdout.write(`${url} ${data} ${charts}\n${entries}\n`);
    }
    return { data, charts };
  } finally {
    await context.close();
  }
}

/**
 * Milliseconds from a reload's start to the page showing `ready`, in a browser that has had the
 * console open before: the page is loaded and reloaded once first, so the HTTP cache holds the
 * console's files and Chromium has cached their compiled code, as for a person coming back to it.
 */
async function timeReload(browser, storageState, url, ready) {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 900 }, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await drawnAt(page, CHARTS_DRAWN);
    // Waited for until the new document's scripts have run (a check started at "commit" on a reload
    // can be left polling the old one); the times are read in the page, from the reload's start.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await drawnAt(page, CHARTS_DRAWN);
    await page.reload({ waitUntil: 'domcontentloaded' });
    const data = await drawnAt(page, dataDrawn(ready));
    return { data, charts: await drawnAt(page, CHARTS_DRAWN) };
  } finally {
    await context.close();
  }
}

/** Milliseconds from a click on the navigation's link (the console already open) to the page showing `ready`. */
async function timeInApp(browser, storageState, origin, link, ready) {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 900 }, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/console/account`);
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    const started = await page.evaluate('performance.now()');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link }).click();
    const data = (await drawnAt(page, dataDrawn(ready))) - started;
    return { data, charts: (await drawnAt(page, CHARTS_DRAWN)) - started };
  } finally {
    await context.close();
  }
}

async function signedInState(browser, origin, email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/console/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Median and maximum of the runs, for the data and for the charts. */
function summary(times) {
  const of = (field) => {
    const sorted = times.map((time) => time[field]).sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
  };
  return { data: of('data'), charts: of('charts') };
}

const load = firstLoad();
// Wall-clock times in a browser follow the machine's load; the run line says what it was.
const loadBefore = loadavg()[0];
// A person signed in to the console has the default rate limits (100 calls a minute); the bench
// loads pages faster than anyone would, so its limits are set out of its reach.
const suite = await startSuite(
  {
    LOG_LEVEL: 'warn',
    LFC_PUBLIC_API_PROXY: 'true',
    LFC_DEFAULT_RATE_LIMIT_PER_MINUTE: '1000000',
    LFC_DEFAULT_RATE_LIMIT_PER_HOUR: '10000000',
  },
  { realStores: !embedded },
);
const db = new pg.Client({ connectionString: suite.databaseUrl });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const chromiumVersion = browser.version();
const results = [];
let seeded;
try {
  await db.connect();
  const who = await people(suite, { password: PASSWORD });
  seeded = await seed(db, who, ROWS);
  const adminEmail = 'pages-bench-admin@example.com';
  const created = await fetch(`http://127.0.0.1:${suite.authPort}/api/v1/auth/users`, {
    method: 'POST',
    headers: { 'x-api-key': suite.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: PASSWORD, role: 'admin' }),
  });
  if (!created.ok) throw new Error(`admin creation: ${created.status} ${await created.text()}`);
  const emails = { developer: 'reports-bench@example.com', admin: adminEmail };
  const pages = [
    ['usage', 'developer', 'own', '/console/usage?range=24h', '[data-testid="usage-total-calls"]'],
    ['usage', 'developer', 'own', '/console/usage?range=30d', '[data-testid="usage-total-calls"]'],
    ['usage', 'admin', 'all', '/console/usage?range=24h&scope=all', '[data-testid="usage-total-calls"]'],
    ['usage', 'admin', 'all', '/console/usage?range=30d&scope=all', '[data-testid="usage-total-calls"]'],
    ['cost', 'developer', 'user', '/console/cost?range=30d', '[data-testid="cost-total"]'],
    ['cost', 'admin', 'all', '/console/cost?range=30d&scope=all', '[data-testid="cost-total"]'],
    ['cost', 'admin', 'all', '/console/cost?range=30d&scope=all&splitBy=key', '[data-testid="cost-total"]'],
  ];
  /** `measure` with a fresh sign-in each time: one run first, so the services' pools and the database's caches are warm, then RUNS. */
  const timed = async (person, measure) => {
    const times = [];
    for (let run = 0; run <= RUNS; run++) {
      const measured = await measure(await signedInState(browser, suite.url, emails[person]));
      if (run > 0) times.push(measured);
    }
    return summary(times);
  };
  for (const [name, person, scope, path, ready] of pages) {
    const times = await timed(person, (state) => timeToData(browser, state, `${suite.url}${path}`, ready));
    results.push({ name, scope, path, ...times });
  }
  // A reload by someone who has had the console open before (its files and their compiled code cached).
  for (const [name, person, scope, path, ready] of [
    ['usage', 'developer', 'own', '/console/usage?range=24h', '[data-testid="usage-total-calls"]'],
    ['cost', 'developer', 'user', '/console/cost?range=30d', '[data-testid="cost-total"]'],
  ]) {
    const times = await timed(person, (state) => timeReload(browser, state, `${suite.url}${path}`, ready));
    results.push({ name, scope, path: `reload \`${path}\` with the console cached`, ...times });
  }
  // The usual way there: the console already open, a click on the navigation (no script to
  // evaluate again, no session to restore).
  for (const [name, person, scope, link, ready] of [
    ['usage', 'developer', 'own', 'Usage', '[data-testid="usage-total-calls"]'],
    ['cost', 'developer', 'user', 'Cost', '[data-testid="cost-total"]'],
  ]) {
    const times = await timed(person, (state) => timeInApp(browser, state, suite.url, link, ready));
    results.push({ name, scope, path: `click on “${link}” from /console/account`, ...times });
  }
} finally {
  await browser.close();
  await db.end();
  await suite.stop();
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => value.toFixed(0);
const worst = Math.max(...results.map((result) => result.data.max));
const worstCharts = Math.max(...results.map((result) => result.charts.max));
const lines = [
  `Run: \`node bench/console-pages.mjs\` (${embedded ? 'embedded PGlite' : 'PostgreSQL 15 on this machine'}, ${ROWS.toLocaleString('en')} audit records and ${ROWS.toLocaleString('en')} ledger rows seeded as in bench/console-reports.mjs in ${seeded.auditSeconds.toFixed(1)} s and ${seeded.ledgerSeconds.toFixed(1)} s; Chromium ${chromiumVersion} headless; ${RUNS} runs per page after one warm-up, each in a fresh context; load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores), ${new Date().toISOString().slice(0, 10)}.`,
  '',
  `First load: ${load.modules} JavaScript modules (the entry and its static imports), ${kb(load.jsBytes)}, **${kb(load.jsGzip)} gzipped** ${load.jsGzip <= BUDGET_BYTES ? '✅' : '❌'} (budget ${kb(BUDGET_BYTES)}); CSS ${kb(load.cssGzip)} gzipped.`,
  '',
  `Slowest page to show its data: ${ms(worst)} ms ${worst <= TARGET_MS ? '✅' : '❌'} (target ≤ ${TARGET_MS} ms); its charts: ${ms(worstCharts)} ms. "Data" is from navigation start (or the click) to the figures and tables drawn with nothing left loading: session restore, scripts and every report request; "charts" to every chart drawn too.`,
  '',
  '| page | scope | how | data median ms | data max ms | ≤ 1 s | charts median ms | charts max ms |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map(
    (result) =>
      `| ${result.name} | ${result.scope} | ${result.path.startsWith('/') ? `load \`${result.path}\`` : result.path} | ${ms(result.data.median)} | ${ms(result.data.max)} | ${result.data.max <= TARGET_MS ? '✅' : '❌'} | ${ms(result.charts.median)} | ${ms(result.charts.max)} |`,
  ),
];
replaceSection(embedded ? 'bench:console-pages-embedded' : 'bench:console-pages', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
