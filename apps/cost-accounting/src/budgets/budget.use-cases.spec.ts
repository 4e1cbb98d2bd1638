import pino from 'pino';
import { InMemoryBudgets, RecordingAdminChangeLog, caller } from '../testing/in-memory';
import { BudgetMonitor } from './budget-monitor';
import { BudgetAlertNotifier } from './budget-alert-notifier';
import {
  CreateBudgetUseCase,
  DeleteBudgetUseCase,
  GetBudgetStandingUseCase,
  ListBudgetsUseCase,
  SetBudgetUseCase,
  UpdateBudgetUseCase,
} from './budget.use-cases';

describe('budget use cases', () => {
  let budgets: InMemoryBudgets;
  let changes: RecordingAdminChangeLog;
  let create: CreateBudgetUseCase;
  let update: UpdateBudgetUseCase;
  let set: SetBudgetUseCase;
  let remove: DeleteBudgetUseCase;
  const admin = caller('admin');
  const keyId = '11111111-1111-4111-8111-111111111111';

  beforeEach(() => {
    budgets = new InMemoryBudgets();
    changes = new RecordingAdminChangeLog();
    create = new CreateBudgetUseCase(budgets, changes);
    update = new UpdateBudgetUseCase(budgets, changes);
    set = new SetBudgetUseCase(budgets, create, update);
    remove = new DeleteBudgetUseCase(budgets, changes);
  });

  it('creates a budget and logs the change with no value before', async () => {
    const status = await create.execute(admin, {
      scope: 'key',
      subjectId: keyId,
      monthlyLimitUsd: '10',
      blockWhenExceeded: true,
    });
    expect(status).toMatchObject({ scope: 'key', subjectId: keyId, monthlyLimitUsd: '10', spentUsd: '0' });
    expect(status).not.toHaveProperty('reached80');
    expect(budgets.rows[0]).toMatchObject({ createdBy: admin.userId });
    expect(changes.changes).toEqual([
      {
        actor: admin,
        action: 'budget.create',
        resource: `budget:key:${keyId}`,
        change: { before: null, after: status },
      },
    ]);
  });

  it('refuses everyone but admins, and a second budget on the same subject', async () => {
    const command = { scope: 'user' as const, subjectId: keyId, monthlyLimitUsd: '5', blockWhenExceeded: false };
    await expect(create.execute(caller('developer'), command)).rejects.toMatchObject({ code: 'insufficient_role' });
    await create.execute(admin, command);
    await expect(create.execute(admin, command)).rejects.toMatchObject({ code: 'conflict' });
    expect(budgets.rows).toHaveLength(1);
    expect(changes.changes).toHaveLength(1);
  });

  it('set creates (201) or changes (200), keeping the blocking flag when it is left out', async () => {
    const first = await set.execute(admin, {
      scope: 'key',
      subjectId: keyId,
      monthlyLimitUsd: '10',
      blockWhenExceeded: true,
    });
    expect(first.created).toBe(true);
    const second = await set.execute(admin, { scope: 'key', subjectId: keyId, monthlyLimitUsd: '20' });
    expect(second).toMatchObject({ created: false, budget: { monthlyLimitUsd: '20', blockWhenExceeded: true } });
    expect(changes.changes.map((change) => change.action)).toEqual(['budget.create', 'budget.update']);
    expect(changes.changes[1]!.change.before).toMatchObject({ monthlyLimitUsd: '10' });
  });

  it('asks before no overrun unless told to, and set keeps that flag when it is left out', async () => {
    const plain = await create.execute(admin, {
      scope: 'user',
      subjectId: keyId,
      monthlyLimitUsd: '10',
      blockWhenExceeded: false,
    });
    expect(plain.confirmOverrun).toBe(false);
    const first = await set.execute(admin, {
      scope: 'key',
      subjectId: keyId,
      monthlyLimitUsd: '10',
      confirmOverrun: true,
    });
    expect(first.budget).toMatchObject({ confirmOverrun: true, blockWhenExceeded: false });
    const second = await set.execute(admin, { scope: 'key', subjectId: keyId, monthlyLimitUsd: '20' });
    expect(second.budget).toMatchObject({ monthlyLimitUsd: '20', confirmOverrun: true });
    const off = await update.execute(admin, first.budget.id, { confirmOverrun: false });
    expect(off).toMatchObject({ monthlyLimitUsd: '20', confirmOverrun: false });
    expect(changes.changes.at(-1)).toMatchObject({
      action: 'budget.update',
      change: { before: { confirmOverrun: true }, after: { confirmOverrun: false } },
    });
  });

  it('update needs a change and an existing budget', async () => {
    await expect(update.execute(admin, keyId, {})).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(update.execute(admin, keyId, { monthlyLimitUsd: '1' })).rejects.toMatchObject({ code: 'not_found' });
    expect(changes.changes).toEqual([]);
  });

  it('deletes by id or by subject, logs the value it had, and answers not found for none', async () => {
    const status = await create.execute(admin, {
      scope: 'key',
      subjectId: keyId,
      monthlyLimitUsd: '3',
      blockWhenExceeded: false,
    });
    await expect(remove.execute(caller('developer'), { id: status.id })).rejects.toMatchObject({
      code: 'insufficient_role',
    });
    await remove.execute(admin, { scope: 'key', subjectId: keyId });
    expect(budgets.rows).toEqual([]);
    expect(changes.changes.at(-1)).toMatchObject({ action: 'budget.delete', change: { before: status, after: null } });
    await expect(remove.execute(admin, { id: status.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  describe('reading budgets', () => {
    const monitor = () =>
      new BudgetMonitor(budgets, { announce: jest.fn() } as unknown as BudgetAlertNotifier, pino({ enabled: false }));

    it('shows a developer only the budgets on their user and key; an admin every one', async () => {
      const developer = caller('developer');
      await create.execute(admin, {
        scope: 'user',
        subjectId: developer.userId,
        monthlyLimitUsd: '1',
        blockWhenExceeded: false,
      });
      await create.execute(admin, { scope: 'key', subjectId: keyId, monthlyLimitUsd: '1', blockWhenExceeded: false });
      const list = new ListBudgetsUseCase(budgets);
      expect((await list.execute(developer, {})).map((budget) => budget.subjectId)).toEqual([developer.userId]);
      expect(await list.execute(admin, {})).toHaveLength(2);
    });

    it('reports the standing of the caller’s own budgets, used up or not', async () => {
      const developer = caller('developer');
      const status = await create.execute(admin, {
        scope: 'key',
        subjectId: developer.keyId!,
        monthlyLimitUsd: '10',
        blockWhenExceeded: true,
      });
      budgets.spend.set(status.id, '10');
      const standing = await new GetBudgetStandingUseCase(monitor()).execute(developer);
      expect(standing).toMatchObject({ blocked: true });
    });
  });
});
