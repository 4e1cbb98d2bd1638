import pino from 'pino';
import { BudgetAlertNotifier } from '../budgets/budget-alert-notifier';
import { BudgetMonitor } from '../budgets/budget-monitor';
import { EstimateCostUseCase } from '../prices/estimate-cost.use-case';
import { InMemoryBudgets, InMemoryLedger, InMemoryPrices, caller } from '../testing/in-memory';
import { PreviewUsageUseCase } from './preview-usage.use-case';

describe('PreviewUsageUseCase', () => {
  let ledger: InMemoryLedger;
  let budgets: InMemoryBudgets;
  let preview: PreviewUsageUseCase;
  const developer = caller('developer');
  // 100 000 input tokens at $2.50 per million: $0.25.
  const usage = { operationId: 'op-1', model: 'gpt-x', inputTokens: 100_000, outputTokens: 0 };

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
    const monitor = new BudgetMonitor(budgets, {} as BudgetAlertNotifier, pino({ enabled: false }));
    preview = new PreviewUsageUseCase(ledger, new EstimateCostUseCase(prices), monitor);
  });

  async function budgetOf(
    scope: 'key' | 'user',
    spent: string,
    limit: string,
    flags: { confirmOverrun?: boolean; blockWhenExceeded?: boolean } = {},
  ) {
    const created = await budgets.create({
      scope,
      subjectId: scope === 'key' ? developer.keyId! : developer.userId,
      monthlyLimitUsd: limit,
      blockWhenExceeded: flags.blockWhenExceeded ?? false,
      confirmOverrun: flags.confirmOverrun ?? true,
      createdBy: null,
    });
    budgets.spend.set(created!.id, spent);
    return created!;
  }

  it('names the key’s budget the usage would take past its limit, with the estimate, and records nothing', async () => {
    const key = await budgetOf('key', '0.9', '1');
    const outcome = await preview.execute({ ...usage, caller: developer });
    expect(outcome).toEqual({
      costUsd: '0.25',
      overruns: [expect.objectContaining({ id: key.id, scope: 'key', spentUsd: '0.9', monthlyLimitUsd: '1' })],
    });
    expect(outcome.overruns[0]).not.toHaveProperty('reached80');
    expect(ledger.records).toEqual([]);
  });

  it('names the user’s budget too, and only budgets of this caller', async () => {
    await budgetOf('key', '0.1', '1');
    const user = await budgetOf('user', '4.8', '5');
    await budgets.create({
      scope: 'user',
      subjectId: caller().userId,
      monthlyLimitUsd: '1',
      blockWhenExceeded: false,
      confirmOverrun: true,
      createdBy: null,
    });
    const outcome = await preview.execute({ ...usage, caller: developer });
    expect(outcome.overruns.map((budget) => budget.id)).toEqual([user.id]);
  });

  it('names nothing for usage that stays below, a budget already over, or one that does not ask', async () => {
    await budgetOf('key', '0.5', '1');
    await budgetOf('user', '6', '5');
    expect((await preview.execute({ ...usage, caller: developer })).overruns).toEqual([]);
    const lax = caller('developer');
    const created = await budgets.create({
      scope: 'key',
      subjectId: lax.keyId!,
      monthlyLimitUsd: '1',
      blockWhenExceeded: false,
      confirmOverrun: false,
      createdBy: null,
    });
    budgets.spend.set(created!.id, '0.9');
    expect((await preview.execute({ ...usage, caller: lax })).overruns).toEqual([]);
  });

  it('names nothing for a retry of recorded usage, nor for usage a blocking budget refuses', async () => {
    await budgetOf('user', '4.8', '5');
    await ledger.recordIfNew({
      userId: developer.userId,
      keyId: developer.keyId,
      tenant: developer.tenant,
      operationId: 'op-1',
      operationType: 'chat',
      model: 'gpt-x',
      modelKnown: true,
      inputTokens: 100_000,
      outputTokens: 0,
      costUsd: '0.25',
      overrunConfirmed: false,
    });
    expect((await preview.execute({ ...usage, caller: developer })).overruns).toEqual([]);
    await budgetOf('key', '2', '1', { blockWhenExceeded: true, confirmOverrun: false });
    expect((await preview.execute({ ...usage, operationId: 'op-2', caller: developer })).overruns).toEqual([]);
  });
});
