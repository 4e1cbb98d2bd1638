import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError } from '@lfc/common';
import { BudgetAlertNotifier } from '../../apps/cost-accounting/src/budgets/budget-alert-notifier';
import {
  CreateBudgetUseCase,
  DeleteBudgetUseCase,
  GetBudgetStandingUseCase,
  ListBudgetsUseCase,
  UpdateBudgetUseCase,
} from '../../apps/cost-accounting/src/budgets/budget.use-cases';
import { RecordUsageUseCase } from '../../apps/cost-accounting/src/ledger/record-usage.use-case';
import { ListModelPricesUseCase } from '../../apps/cost-accounting/src/prices/list-model-prices.use-case';
import { loadPriceOverrides } from '../../apps/cost-accounting/src/prices/price-overrides';
import { createTestDatabase } from '../support/suite';
import { WebhookReceiver, webhookReceiver } from '../support/webhook-receiver';
import { CostCore, caller, counterValue, startCostCore } from './support';

jest.setTimeout(60_000);

describe('cost accounting: budgets and alerts on the real PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let core: CostCore;
  let hook: WebhookReceiver;
  const admin = caller({ role: 'admin' });

  beforeAll(async () => {
    database = await createTestDatabase();
    hook = await webhookReceiver(2);
    core = await startCostCore(database.url, { webhook: { url: hook.url, attempts: 4, backoffMs: 20 } });
  });

  afterAll(async () => {
    await core?.close();
    await hook?.close();
    await database?.drop();
  });

  const use = (who: ReturnType<typeof caller>, inputTokens: number, operationId: string = randomUUID()) =>
    core.module.get(RecordUsageUseCase).execute({
      caller: who,
      operationId,
      model: 'gpt-4o',
      inputTokens,
      outputTokens: 0,
      operationType: 'completion',
    });

  it('alerts once at 80 % and once at 100 % of a key’s monthly budget: metric, log event and webhook (with retries)', async () => {
    const who = caller();
    const budget = await core.module.get(CreateBudgetUseCase).execute(admin, {
      scope: 'key',
      subjectId: who.keyId ?? '',
      monthlyLimitUsd: '10',
      blockWhenExceeded: false,
    });
    const at80 = await counterValue('lfc_budget_alerts_total', { threshold: '80' });
    const at100 = await counterValue('lfc_budget_alerts_total', { threshold: '100' });

    await use(who, 3_000_000); // $7.50 — 75 %
    expect(await counterValue('lfc_budget_alerts_total', { threshold: '80' })).toBe(at80);
    await use(who, 400_000); // $8.50 — 85 %
    await use(who, 200_000); // $9.00 — still 90 %: no second 80 % alert
    expect(await counterValue('lfc_budget_alerts_total', { threshold: '80' })).toBe(at80 + 1);
    await use(who, 600_000); // $10.50 — over
    await use(who, 600_000); // $12.00 — still over: no second 100 % alert
    expect(await counterValue('lfc_budget_alerts_total', { threshold: '100' })).toBe(at100 + 1);

    const events = core.logs.filter(
      (line) => line.event === 'budget_threshold_reached' && line.budget_id === budget.id,
    );
    expect(events.map((line) => line.threshold)).toEqual([80, 100]);
    expect(events[0]).toMatchObject({
      level: 40,
      scope: 'key',
      subject_id: who.keyId,
      limit_usd: '10',
      spent_usd: '8.5',
    });

    // The receiver refused the first two deliveries; retries with backoff got both through.
    await core.module.get(BudgetAlertNotifier).settled();
    const delivered = hook.received.filter((event) => event.budgetId === budget.id);
    expect(delivered.map((event) => event.threshold).sort()).toEqual([100, 80]);
    expect(delivered.find((event) => event.threshold === 100)).toMatchObject({
      event: 'budget_threshold_reached',
      scope: 'key',
      spentUsd: '10.5',
      limitUsd: '10',
    });
    expect(hook.attempts()).toBe(4);
    const rows = await core.dataSource.query<Array<{ threshold: number; delivered: boolean }>>(
      `SELECT threshold, webhook_delivered_at IS NOT NULL AS delivered FROM accounting.budget_alerts WHERE budget_id = $1 ORDER BY threshold`,
      [budget.id],
    );
    expect(rows).toEqual([
      { threshold: 80, delivered: true },
      { threshold: 100, delivered: true },
    ]);

    const standing = await core.module.get(GetBudgetStandingUseCase).execute(who);
    expect(standing).toMatchObject({
      blocked: false,
      budgets: [{ id: budget.id, spentUsd: '12', percentUsed: 120, exceeded: true }],
    });
  });

  it('refuses further usage for the key once a blocking budget is used up, but still answers retries', async () => {
    const who = caller();
    await core.module.get(CreateBudgetUseCase).execute(admin, {
      scope: 'key',
      subjectId: who.keyId ?? '',
      monthlyLimitUsd: '1',
      blockWhenExceeded: true,
    });
    const last = await use(who, 400_000, 'within-budget'); // $1.00 — the limit is reached
    expect(last.created).toBe(true);
    await expect(use(who, 1)).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
      details: expect.objectContaining({ reason: 'budget_exceeded' }),
    });
    // A retry of usage recorded before the limit is the same answer as before, not a refusal.
    await expect(use(who, 400_000, 'within-budget')).resolves.toMatchObject({
      created: false,
      record: { id: last.record.id },
    });
    // Another key of the same user is not blocked by this key's budget.
    await expect(use(caller({ userId: who.userId }), 1)).resolves.toMatchObject({ created: true });
  });

  it('applies a user’s budget across all of the user’s keys, and lifts the block when an admin raises it', async () => {
    const userId = randomUUID();
    const budget = await core.module.get(CreateBudgetUseCase).execute(admin, {
      scope: 'user',
      subjectId: userId,
      monthlyLimitUsd: '2',
      blockWhenExceeded: true,
    });
    await use(caller({ userId }), 400_000);
    await use(caller({ userId }), 400_000);
    await expect(use(caller({ userId }), 10)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await core.module.get(GetBudgetStandingUseCase).execute(caller({ userId }))).blocked).toBe(true);

    const raised = await core.module.get(UpdateBudgetUseCase).execute(admin, budget.id, { monthlyLimitUsd: '4.5' });
    expect(raised).toMatchObject({ monthlyLimitUsd: '4.5', spentUsd: '2', percentUsed: 44, exceeded: false });
    await expect(use(caller({ userId }), 10)).resolves.toMatchObject({ created: true });
  });

  it('lets only admins manage budgets, shows others only their own, and refuses a second budget on one subject', async () => {
    const who = caller();
    const create = core.module.get(CreateBudgetUseCase);
    await expect(
      create.execute(who, { scope: 'user', subjectId: who.userId, monthlyLimitUsd: '100', blockWhenExceeded: false }),
    ).rejects.toMatchObject({ code: 'insufficient_role' });
    const own = await create.execute(admin, {
      scope: 'user',
      subjectId: who.userId,
      monthlyLimitUsd: '100',
      blockWhenExceeded: false,
    });
    await expect(
      create.execute(admin, { scope: 'user', subjectId: who.userId, monthlyLimitUsd: '5', blockWhenExceeded: false }),
    ).rejects.toMatchObject({ code: 'conflict' });

    const list = core.module.get(ListBudgetsUseCase);
    expect((await list.execute(who, {})).map((budget) => budget.id)).toEqual([own.id]);
    expect((await list.execute(admin, {})).length).toBeGreaterThan(1);

    await expect(core.module.get(DeleteBudgetUseCase).execute(who, { id: own.id })).rejects.toMatchObject({
      code: 'insufficient_role',
    });
    await core.module.get(DeleteBudgetUseCase).execute(admin, { id: own.id });
    expect(await list.execute(who, {})).toEqual([]);
    await expect(core.module.get(DeleteBudgetUseCase).execute(admin, { id: own.id })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('applies the price override file at start and refuses a malformed one naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lfc-prices-'));
    const file = join(dir, 'prices.json');
    writeFileSync(
      file,
      JSON.stringify([
        { model: 'GPT-4o', provider: 'openai', inputUsdPerMillion: '2.00', outputUsdPerMillion: '8.00' },
        {
          model: 'in-house-llm',
          provider: 'self-hosted',
          inputUsdPerMillion: '0.01',
          outputUsdPerMillion: '0.02',
          effectiveFrom: '2026-01-01',
        },
      ]),
    );
    const overridden = await startCostCore(database.url, { priceOverrides: loadPriceOverrides(file) });
    try {
      const prices = await overridden.module.get(ListModelPricesUseCase).execute({});
      expect(prices.find((price) => price.model === 'gpt-4o')).toMatchObject({
        inputUsdPerMillion: '2',
        outputUsdPerMillion: '8',
        effectiveFrom: '2025-11-01',
      });
      expect(prices.find((price) => price.model === 'in-house-llm')).toMatchObject({
        provider: 'self-hosted',
        inputUsdPerMillion: '0.01',
      });
    } finally {
      await overridden.close();
    }

    writeFileSync(
      file,
      JSON.stringify([{ model: 'gpt-4o', provider: 'openai', inputUsdPerMillion: 2.5, outputUsdPerMillion: '10' }]),
    );
    expect(() => loadPriceOverrides(file)).toThrow(ConfigValidationError);
    expect(() => loadPriceOverrides(file)).toThrow(/LFC_MODEL_PRICES_FILE: .*inputUsdPerMillion/);
    expect(() => loadPriceOverrides(join(dir, 'missing.json'))).toThrow(/LFC_MODEL_PRICES_FILE: cannot be read/);
  });
});
