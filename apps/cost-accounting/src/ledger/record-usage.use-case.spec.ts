import { CostMetrics } from './cost-metrics';
import { Counter } from 'prom-client';
import pino from 'pino';
import { BudgetAlertNotifier } from '../budgets/budget-alert-notifier';
import { BudgetMonitor } from '../budgets/budget-monitor';
import { InMemoryBudgets, InMemoryLedger, InMemoryPrices, caller } from '../testing/in-memory';
import { RecordUsageUseCase } from './record-usage.use-case';

describe('RecordUsageUseCase', () => {
  let ledger: InMemoryLedger;
  let budgets: InMemoryBudgets;
  let announce: jest.Mock;
  let logged: Array<Record<string, unknown>>;
  let record: RecordUsageUseCase;
  const developer = caller('developer');
  const usage = { operationId: 'op-1', operationType: 'chat', model: 'gpt-x', inputTokens: 1000, outputTokens: 3 };

  beforeEach(async () => {
    ledger = new InMemoryLedger();
    budgets = new InMemoryBudgets();
    const prices = new InMemoryPrices();
    await prices.upsert([
      {
        model: 'gpt-x',
        provider: 'openai',
        inputUsdPerMillion: '2.5',
        outputUsdPerMillion: '10',
        effectiveFrom: '2000-01-01',
      },
    ]);
    announce = jest.fn();
    logged = [];
    const sink = { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) };
    const monitor = new BudgetMonitor(
      budgets,
      { announce } as unknown as BudgetAlertNotifier,
      pino({ level: 'warn' }, sink),
    );
    record = new RecordUsageUseCase(
      ledger,
      prices,
      monitor,
      new CostMetrics(
        new Counter({ name: 'lfc_cost_usd_total', help: 'cost', labelNames: ['model'], registers: [] }),
        new Counter({ name: 'lfc_tokens_total', help: 'tokens', labelNames: ['model', 'direction'], registers: [] }),
      ),
    );
  });

  /** A budget of 10 USD a month on the developer, that neither blocks nor asks. */
  const userBudget = () =>
    budgets.create({
      scope: 'user',
      subjectId: developer.userId,
      monthlyLimitUsd: '10',
      blockWhenExceeded: false,
      confirmOverrun: false,
      createdBy: null,
    });

  it('records the exact cost at today’s price, for the caller of the claim', async () => {
    const outcome = await record.execute({ ...usage, caller: developer });
    expect(outcome).toMatchObject({
      created: true,
      record: { costUsd: '0.00253', modelKnown: true, keyId: developer.keyId, userId: developer.userId },
    });
  });

  it('records an unknown model at 0, flagged', async () => {
    const outcome = await record.execute({ ...usage, model: 'mystery', caller: developer });
    expect(outcome.record).toMatchObject({ costUsd: '0', modelKnown: false });
  });

  it('answers a retry with the first record instead of a second one', async () => {
    const first = await record.execute({ ...usage, caller: developer });
    const again = await record.execute({ ...usage, caller: developer });
    expect(again).toEqual({ created: false, record: first.record });
    expect(ledger.records).toHaveLength(1);
  });

  it('refuses other usage under an operation id recorded before, naming what was recorded', async () => {
    const first = await record.execute({ ...usage, caller: developer });
    for (const other of [{ inputTokens: 5 }, { model: 'gpt-4o' }, { operationType: 'embedding' }])
      await expect(record.execute({ ...usage, ...other, caller: developer })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('a retry must repeat that usage'),
        details: { recorded: first.record },
      });
    expect(ledger.records).toHaveLength(1);
  });

  it('refuses new usage once a blocking budget is used up, but still answers a retry of earlier usage', async () => {
    const first = await record.execute({ ...usage, caller: developer });
    const budget = await budgets.create({
      scope: 'key',
      subjectId: developer.keyId!,
      monthlyLimitUsd: '1',
      blockWhenExceeded: true,
      confirmOverrun: false,
      createdBy: null,
    });
    budgets.spend.set(budget!.id, '1');
    await expect(record.execute({ ...usage, operationId: 'op-2', caller: developer })).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'budget_exceeded', budgetId: budget!.id },
    });
    expect(await record.execute({ ...usage, caller: developer })).toEqual({ created: false, record: first.record });
    expect(ledger.records).toHaveLength(1);
  });

  it('reads the caller’s budgets once when they have none, and again after recording when they do', async () => {
    const reads = jest.spyOn(budgets, 'listWithSpend');
    await record.execute({ ...usage, caller: developer });
    expect(reads).toHaveBeenCalledTimes(1);

    await userBudget();
    reads.mockClear();
    await record.execute({ ...usage, operationId: 'op-2', caller: developer });
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('raises a reached threshold once per month after new usage', async () => {
    const budget = await userBudget();
    budgets.spend.set(budget!.id, '8.5');
    await record.execute({ ...usage, caller: developer });
    await record.execute({ ...usage, operationId: 'op-2', caller: developer });
    expect(budgets.alerts).toEqual([expect.objectContaining({ budgetId: budget!.id, threshold: 80 })]);
    expect(announce).toHaveBeenCalledTimes(1);
  });

  describe('usage the person confirmed past a budget that asks first', () => {
    async function askingBudget(spent: string) {
      const budget = await budgets.create({
        scope: 'key',
        subjectId: developer.keyId!,
        monthlyLimitUsd: '1',
        blockWhenExceeded: false,
        confirmOverrun: true,
        createdBy: null,
      });
      budgets.spend.set(budget!.id, spent);
      return budget!;
    }

    it('is marked in the ledger, and who confirmed it is logged even when only warnings are', async () => {
      const budget = await askingBudget('0.999');
      const outcome = await record.execute({ ...usage, overrunConfirmed: true, caller: developer });
      expect(outcome.record).toMatchObject({ overrunConfirmed: true, keyId: developer.keyId });
      expect(logged.filter((line) => line.event === 'budget_overrun_confirmed')).toEqual([
        expect.objectContaining({
          user_id: developer.userId,
          key_id: developer.keyId,
          usage_id: outcome.record.id,
          operation_id: 'op-1',
          cost_usd: '0.00253',
          budgets: [{ budget_id: budget.id, scope: 'key', spent_usd: '0.999', limit_usd: '1' }],
        }),
      ]);
    });

    it('is not marked when it takes no such budget past its limit by the time it is recorded', async () => {
      await askingBudget('0.5');
      const outcome = await record.execute({ ...usage, overrunConfirmed: true, caller: developer });
      expect(outcome.record.overrunConfirmed).toBe(false);
      expect(logged.filter((line) => line.event === 'budget_overrun_confirmed')).toEqual([]);
    });

    it('is refused without the person’s yes, with what to ask them, and nothing is recorded', async () => {
      const budget = await askingBudget('0.999');
      const refusal = record.execute({ ...usage, caller: developer });
      await expect(refusal).rejects.toMatchObject({
        code: 'confirmation_required',
        details: {
          preview: {
            costUsd: '0.00253',
            overruns: [expect.objectContaining({ id: budget.id, spentUsd: '0.999', monthlyLimitUsd: '1' })],
          },
        },
      });
      expect(await ledger.findByOperation(developer, 'op-1')).toBeNull();
    });

    it('answers a retry of usage recorded before the budget asked, without asking', async () => {
      const first = await record.execute({ ...usage, caller: developer });
      await askingBudget('0.999');
      await expect(record.execute({ ...usage, caller: developer })).resolves.toEqual({
        created: false,
        record: first.record,
      });
    });

    it('asks nothing of usage that keeps the budget under its limit, or of one already past it', async () => {
      const budget = await askingBudget('0.5');
      await expect(record.execute({ ...usage, caller: developer })).resolves.toMatchObject({ created: true });
      budgets.spend.set(budget.id, '1.5');
      await expect(record.execute({ ...usage, operationId: 'op-2', caller: developer })).resolves.toMatchObject({
        created: true,
      });
    });
  });
});
