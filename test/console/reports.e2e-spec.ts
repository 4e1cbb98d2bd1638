import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { insertAuditBatch } from '../../apps/gateway/src/audit/audit-writer';
import { createKey, waitFor } from '../support/admin-api';
import { seededChain } from '../support/audit-records';
import { describeWithChromium } from '../support/browser';
import { ConsolePage, ConsoleSuite, createPerson, openConsole, signIn, startConsoleSuite } from '../support/console';
import { callTool, settled, waitForReportedCalls } from '../support/console-api';

jest.setTimeout(240_000);

const PASSWORD = 'correct horse battery staple';
const PINGS = 4;

/**
 * The report pages and the admin pages against the real services: calls made with a key show in
 * the developer's usage chart and tables, their recorded tokens in the cost page; an admin sets a
 * budget, a price and a user, checks both audit trails' chains (every gateway writer's) and the health
 * of every service.
 */
describeWithChromium('the web console reports and admin pages', () => {
  let running: ConsoleSuite;
  let developer: ConsolePage;
  let admin: ConsolePage;
  let key: { key: string; id: string; prefix: string };
  let costUsd: string;

  beforeAll(async () => {
    running = await startConsoleSuite();
    const { suite, origin } = running;
    await createPerson(suite, { email: 'ada@example.com', password: PASSWORD, role: 'admin' });
    const developerId = await createPerson(suite, { email: 'dev@example.com', password: PASSWORD, role: 'developer' });
    const issued = await createKey(suite, { name: 'langflow-flow', userId: developerId });
    key = { key: issued.key, id: issued.apiKey.id, prefix: issued.apiKey.prefix };
    for (let call = 0; call < PINGS; call++) await callTool(origin, key.key, 'ping', {});
    // gpt-4o at $2.50 in and $10 out per million tokens: 12,000 in and 3,000 out cost $0.06.
    const tracked = await callTool(origin, key.key, 'track_token_usage', {
      operation_id: 'console-report-1',
      model: 'gpt-4o',
      input_tokens: 12_000,
      output_tokens: 3_000,
      operation_type: 'chat',
    });
    costUsd = (tracked.record as { costUsd: string }).costUsd;
    await waitForReportedCalls(origin, key.key, key.id, PINGS + 1);

    developer = await openConsole(running, '/console/');
    await signIn(developer.page, { email: 'dev@example.com', password: PASSWORD });
    admin = await openConsole(running, '/console/');
    await signIn(admin.page, { email: 'ada@example.com', password: PASSWORD });
  });

  afterAll(async () => {
    await developer?.context.close();
    await admin?.context.close();
    await running?.stop();
  });

  it('shows the calls made with a key in the usage chart and the tables', async () => {
    const { page } = developer;
    await page.goto(`${running.origin}/console/usage`);
    await page.locator('svg title', { hasText: 'Calls per hour' }).waitFor({ state: 'attached' });
    expect(await page.getByTestId('usage-total-calls').textContent()).toBe(String(PINGS + 1));
    await page.locator('figcaption', { hasText: `${PINGS + 1} calls, 0 of them failed` }).waitFor();

    const byKey = page.getByRole('region', { name: 'Calls by key, busiest first' });
    const keyRow = byKey.getByRole('row', { name: new RegExp(`langflow-flow \\(${key.prefix}`) });
    expect(await keyRow.getByRole('cell').nth(1).textContent()).toBe(String(PINGS + 1));
    const byTool = page.getByRole('region', { name: 'Calls by tool, busiest first' });
    expect(await byTool.getByRole('row', { name: /^ping/ }).getByRole('cell').nth(1).textContent()).toBe(String(PINGS));
    expect(
      await byTool
        .getByRole('row', { name: /^track_token_usage/ })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    ).toBe('1');

    // The chart's numbers as a table, one row per hour of the day.
    await page.getByText('Show the data as a table').first().click();
    expect(await page.getByRole('region', { name: 'Calls and latency per bucket' }).getByRole('row').count()).toBe(25);
  });

  it('filters by tool and keeps the filter in the address', async () => {
    const { page } = developer;
    await page.getByLabel('Tool', { exact: true }).selectOption('ping');
    await page.waitForURL(/tool=ping/);
    await page.locator('figcaption', { hasText: `${PINGS} calls, 0 of them failed` }).waitFor();
    // The choice is kept in the address; the radio shows it once the page has read it back.
    await page.getByRole('radio', { name: '7 days' }).click();
    await page.waitForURL(/range=7d/);
    await page.locator('svg title', { hasText: 'Calls per day' }).waitFor({ state: 'attached' });
    expect(await page.getByTestId('usage-total-calls').textContent()).toBe(String(PINGS));
  });

  it('exports the breakdown by key as CSV', async () => {
    const { page } = developer;
    await page.goto(`${running.origin}/console/usage`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV by key' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('usage-by-key-24h.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toBe('key,calls,errors,p50_ms,p95_ms');
    expect(csv).toContain(`"${key.id}","${PINGS + 1}","0",`);
  });

  it('shows the cost of the recorded tokens by key, model and operation type', async () => {
    const { page } = developer;
    expect(costUsd).toBe('0.06');
    await page.goto(`${running.origin}/console/cost`);
    await page.locator('svg title', { hasText: 'Cost by model' }).waitFor({ state: 'attached' });
    expect(await page.getByTestId('cost-total').textContent()).toBe('$0.06');
    const totals = page.getByRole('region', { name: /^Cost by model/ });
    expect(
      await totals
        .getByRole('row', { name: /^gpt-4o/ })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    ).toBe('$0.06');

    await page.getByRole('radio', { name: 'Key' }).click();
    const byKey = page.getByRole('region', { name: /^Cost by key/ });
    await byKey.getByRole('row', { name: /langflow-flow/ }).waitFor();
    expect(
      await byKey
        .getByRole('row', { name: /langflow-flow/ })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    ).toBe('$0.06');

    await page.getByRole('radio', { name: 'Operation type' }).click();
    await page
      .getByRole('region', { name: /^Cost by operation type/ })
      .getByRole('row', { name: /^chat/ })
      .waitFor();
  });

  it('lets an admin set a budget on a user, shows its progress, and remove it', async () => {
    const { page } = admin;
    await page.goto(`${running.origin}/console/cost`);
    await page.getByText('No budgets are set.').waitFor();
    await page.getByLabel('User', { exact: true }).selectOption({ label: 'dev@example.com (developer)' });
    await page.getByLabel('Monthly limit (USD)').fill('0.10');
    await page.getByRole('button', { name: 'Save budget' }).click();

    const budget = page.locator('.budget-list > li', { hasText: 'dev@example.com' });
    await budget.waitFor();
    const meter = budget.getByRole('progressbar');
    expect(await meter.getAttribute('aria-valuenow')).toBe('60');
    await budget.getByText('$0.06 of $0.10 spent this month (60%)').waitFor();

    await budget.getByRole('button', { name: /Change the budget/ }).click();
    await page.getByLabel('Monthly limit (USD)').fill('0.05');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await budget.getByText('Exceeded').waitFor();
    expect(await meter.getAttribute('aria-valuenow')).toBe('100');

    await budget.getByRole('button', { name: /Remove the budget/ }).click();
    await page
      .getByRole('dialog', { name: 'Remove this budget?' })
      .getByRole('button', { name: 'Remove budget' })
      .click();
    await page.getByText('No budgets are set.').waitFor();
  });

  it('lets an admin set a model price, effective today', async () => {
    const { page } = admin;
    await page.goto(`${running.origin}/console/admin/prices`);
    await page.getByRole('textbox', { name: 'Model', exact: true }).fill('console-test-model');
    await page.getByRole('textbox', { name: 'Provider', exact: true }).fill('example');
    await page.getByLabel('Input, USD per million tokens').fill('1.5');
    await page.getByLabel('Output, USD per million tokens').fill('abc');
    await page.getByRole('button', { name: 'Save price' }).click();
    // The contract's rule, before anything is sent.
    await page.getByText(/must be a non-negative decimal string/).waitFor();
    await page.getByLabel('Output, USD per million tokens').fill('6');
    await page.getByRole('button', { name: 'Save price' }).click();
    await page.getByRole('row', { name: /console-test-model/ }).waitFor();
    const today = new Date().toISOString().slice(0, 10);
    await page
      .getByRole('row', { name: /console-test-model/ })
      .getByRole('cell', { name: today })
      .waitFor();
  });

  it('lets an admin add a user and deactivate them', async () => {
    const { page } = admin;
    await page.goto(`${running.origin}/console/admin/users`);
    await page.getByLabel('Email').fill('newcomer@example.com');
    await page.getByLabel('First password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Add user' }).click();
    const row = page.getByRole('row', { name: /newcomer@example\.com/ });
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Deactivate newcomer@example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('Deactivated').waitFor();
  });

  it('lists both audit trails and verifies the chain of every gateway writer, those on no page read too', async () => {
    const { page } = admin;
    // A replica that stopped long ago: its records are under an action the filter below leaves out.
    const stopped = seededChain(`stopped-replica-${randomUUID().slice(0, 8)}`, 3, 'GET /seeded-stopped-replica');
    const stoppedId = stopped[0]!.writerId;
    const pool = new Pool({ connectionString: running.suite.databaseUrl, max: 1 });
    try {
      await insertAuditBatch(pool, stopped);
      await page.goto(`${running.origin}/console/admin/audit`);
      await page.getByLabel('Action').fill('POST /api/v1/tools/call');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/action=POST/);
      const calls = page.getByRole('region', { name: 'Requests, newest first' }).getByRole('row');
      // The header, then the key's five calls (the records of the admin's own page loads are filtered out).
      // The page keeps the unfiltered records on screen, saying it is updating, until the answer is in;
      // the address changes a moment before that line shows, so the count is awaited, not read once.
      await waitFor(async () => (await calls.count()) === PINGS + 2, 30_000).catch(() => undefined);
      await settled(page);
      expect(await calls.count()).toBe(PINGS + 2);
      expect(await page.getByRole('cell', { name: stoppedId }).count()).toBe(0);

      const verify = page.getByRole('button', { name: 'Verify chains' });
      await verify.click();
      const verdict = page.getByRole('status').filter({ hasText: /^(Intact|Broken):/ });
      await verdict.getByText(/^Intact: \d+ records checked across 2 writers\./).waitFor();
      // Every writer the database holds, the gateway's own and the stopped one, each with its own result.
      const { rows } = await pool.query<{ writer_id: string }>(
        'SELECT DISTINCT writer_id FROM gateway.audit_logs WHERE writer_id IS NOT NULL',
      );
      const writers = rows.map((row) => row.writer_id).sort();
      expect(writers).toHaveLength(2);
      const items = verdict.getByRole('listitem');
      expect((await items.locator('code').allTextContents()).sort()).toEqual(writers);
      expect(await items.filter({ hasText: stoppedId }).textContent()).toMatch(
        /\(records 1–3, last .+\): intact, 3 records$/,
      );

      await pool.query(`UPDATE gateway.audit_logs SET status_code = 500 WHERE writer_id = $1 AND seq = 2`, [stoppedId]);
      await verify.click();
      await verdict
        .getByText(
          `Broken: 1 of 2 writers. First: writer ${stoppedId}, record 2 (record altered), after 1 record that held.`,
        )
        .waitFor();
      expect(await items.filter({ hasText: stoppedId }).textContent()).toMatch(
        /: broken at record 2 \(record altered\), after 1 record that held$/,
      );
      expect(await items.filter({ hasNotText: stoppedId }).textContent()).toMatch(/: intact, \d+ records$/);
    } finally {
      await pool.end();
    }

    await page.getByLabel('Status').fill('not a status');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('must be an HTTP status such as 403').waitFor();

    await page.getByRole('radio', { name: 'Changes to users and keys' }).click();
    await page.getByRole('cell', { name: 'user.create' }).first().waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText(/^Intact: \d+ records checked\./).waitFor();
  });

  it('shows every service healthy', async () => {
    const { page } = admin;
    await page.goto(`${running.origin}/console/admin/health`);
    await page.getByText('Overall:').waitFor();
    expect(await page.locator('.health-overall .badge').textContent()).toBe('healthy');
    // The executor checks the services it knows (the suite gives it no gateway URL) and its own stores.
    for (const service of ['auth', 'cost-accounting', 'tool-executor']) {
      await page.getByRole('heading', { level: 2, name: service }).waitFor();
    }
  });
});
