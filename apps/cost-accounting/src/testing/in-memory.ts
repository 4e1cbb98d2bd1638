import type { BudgetAlert, UsageCaller, UsageRecord } from '@lfc/contracts';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { AdminActor, AdminChangeLog } from '../access/admin-changes';
import { BudgetEntity } from '../budgets/budget.entity';
import {
  BudgetChanges,
  BudgetFilter,
  BudgetWithSpend,
  BudgetsRepository,
  NewBudget,
  RaisedAlert,
} from '../budgets/budgets.repository';
import {
  NewUsage,
  SeriesFilter,
  SeriesRows,
  SummaryFilter,
  SummaryRows,
  UsageLedger,
} from '../ledger/usage-ledger.repository';
import { PriceFilter, PriceRow, ModelPricesRepository, utcDate } from '../prices/model-prices.repository';

/** In-memory stand-ins for cost-accounting's repositories, for the use cases' unit specs. */

/** The budgets table; every budget's month-to-date spend is what `spend` says (0 by default). */
export class InMemoryBudgets extends BudgetsRepository {
  readonly rows: BudgetEntity[] = [];
  readonly spend = new Map<string, string>();

  async create(budget: NewBudget): Promise<BudgetEntity | null> {
    if (this.rows.some((row) => row.scope === budget.scope && row.subjectId === budget.subjectId)) return null;
    const now = new Date();
    const row = Object.assign(new BudgetEntity(), { ...budget, id: randomUUID(), createdAt: now, updatedAt: now });
    this.rows.push(row);
    return row;
  }

  async update(id: string, changes: BudgetChanges): Promise<boolean> {
    const row = this.rows.find((candidate) => candidate.id === id);
    if (!row) return false;
    Object.assign(row, changes, { updatedAt: new Date() });
    return true;
  }

  async delete(id: string): Promise<boolean> {
    const index = this.rows.findIndex((row) => row.id === id);
    if (index < 0) return false;
    this.rows.splice(index, 1);
    return true;
  }

  private withSpend(row: BudgetEntity): BudgetWithSpend {
    const spentUsd = this.spend.get(row.id) ?? '0';
    const percentUsed = Math.floor((Number(spentUsd) / Number(row.monthlyLimitUsd)) * 100);
    return {
      id: row.id,
      scope: row.scope,
      subjectId: row.subjectId,
      monthlyLimitUsd: row.monthlyLimitUsd,
      blockWhenExceeded: row.blockWhenExceeded,
      confirmOverrun: row.confirmOverrun,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      spentUsd,
      percentUsed,
      exceeded: percentUsed >= 100,
      reached80: percentUsed >= 80,
    };
  }

  async findById(id: string): Promise<BudgetWithSpend | null> {
    const row = this.rows.find((candidate) => candidate.id === id);
    return row ? this.withSpend(row) : null;
  }

  async listWithSpend(filter: BudgetFilter): Promise<BudgetWithSpend[]> {
    return this.rows
      .filter(
        (row) =>
          (!filter.scope || row.scope === filter.scope) &&
          (!filter.subjectId || row.subjectId === filter.subjectId) &&
          (!filter.subjects ||
            filter.subjects.some((subject) => subject.scope === row.scope && subject.id === row.subjectId)),
      )
      .map((row) => this.withSpend(row));
  }

  readonly alerts: RaisedAlert[] = [];

  async recordAlert(budget: BudgetWithSpend, threshold: 80 | 100): Promise<RaisedAlert | null> {
    const periodMonth = new Date().toISOString().slice(0, 7);
    const raised = this.alerts.some(
      (alert) => alert.budgetId === budget.id && alert.periodMonth === periodMonth && alert.threshold === threshold,
    );
    if (raised) return null;
    const alert = { budgetId: budget.id, periodMonth, threshold };
    this.alerts.push(alert);
    return alert;
  }

  async markWebhookDelivered(): Promise<void> {}

  async alertsThisMonth(budgetIds: string[]): Promise<Map<string, BudgetAlert[]>> {
    return new Map(budgetIds.map((id) => [id, []]));
  }
}

/** The dated price list: each (model, effectiveFrom) at most once, the latest date on or before `on` in effect. */
export class InMemoryPrices extends ModelPricesRepository {
  readonly rows: PriceRow[] = [];

  private inEffect(rows: PriceRow[], on: Date): PriceRow[] {
    const day = utcDate(on);
    const latest = new Map<string, PriceRow>();
    for (const row of rows.filter((candidate) => candidate.effectiveFrom <= day)) {
      const current = latest.get(row.model);
      if (!current || current.effectiveFrom < row.effectiveFrom) latest.set(row.model, row);
    }
    return [...latest.values()];
  }

  async priceFor(candidates: string[], on: Date): Promise<PriceRow | null> {
    const inEffect = this.inEffect(this.rows, on);
    for (const name of candidates) {
      const found = inEffect.find((row) => row.model === name);
      if (found) return { ...found };
    }
    return null;
  }

  async list(filter: PriceFilter): Promise<PriceRow[]> {
    const matching = this.rows.filter(
      (row) => (!filter.provider || row.provider === filter.provider) && (!filter.model || row.model === filter.model),
    );
    return (filter.history ? matching : this.inEffect(matching, filter.on)).map((row) => ({ ...row }));
  }

  async upsert(prices: Array<Omit<PriceRow, 'currency'>>): Promise<void> {
    for (const price of prices) {
      const index = this.rows.findIndex(
        (row) => row.model === price.model && row.effectiveFrom === price.effectiveFrom,
      );
      const row: PriceRow = { ...price, currency: 'USD' };
      if (index >= 0) this.rows[index] = row;
      else this.rows.push(row);
    }
  }
}

/** The usage ledger: one record per key (or, without a key, per user) and operation id; summaries as `summary` says. */
export class InMemoryLedger extends UsageLedger {
  readonly records: UsageRecord[] = [];
  readonly summaries: SummaryFilter[] = [];

  async recordIfNew(usage: NewUsage): Promise<{ created: boolean; record: UsageRecord }> {
    const existing = await this.findByOperation(usage, usage.operationId);
    if (existing) return { created: false, record: existing };
    const record: UsageRecord = {
      id: randomUUID(),
      operationId: usage.operationId,
      operationType: usage.operationType,
      model: usage.model,
      modelKnown: usage.modelKnown,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      totalTokens: usage.inputTokens + usage.outputTokens,
      costUsd: usage.costUsd,
      overrunConfirmed: usage.overrunConfirmed,
      keyId: usage.keyId,
      userId: usage.userId,
      recordedAt: new Date().toISOString(),
    };
    this.records.push(record);
    return { created: true, record };
  }

  async findByOperation(
    caller: { keyId: string | null; userId: string },
    operationId: string,
  ): Promise<UsageRecord | null> {
    return (
      this.records.find(
        (record) =>
          record.operationId === operationId &&
          (caller.keyId ? record.keyId === caller.keyId : record.keyId === null && record.userId === caller.userId),
      ) ?? null
    );
  }

  /** Records what it was asked for; the totals are empty. */
  async summarize(filter: SummaryFilter): Promise<SummaryRows> {
    this.summaries.push(filter);
    const empty = { costUsd: '0', inputTokens: 0, outputTokens: 0, totalTokens: 0, records: 0, unknownModelRecords: 0 };
    return { from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T00:00:00.000Z', totals: empty, groups: [] };
  }

  readonly seriesAsked: SeriesFilter[] = [];
  /** What `series` answers (none by default). */
  seriesRows: SeriesRows = { points: [], groups: 0 };

  /** Records what it was asked for and answers `seriesRows`. */
  async series(filter: SeriesFilter): Promise<SeriesRows> {
    this.seriesAsked.push(filter);
    return this.seriesRows;
  }
}

export interface RecordedChange {
  actor: AdminActor;
  action: string;
  resource: string;
  change: { before: unknown; after: unknown };
}

/** The `cost_admin_change` log events, as records. */
export class RecordingAdminChangeLog extends AdminChangeLog {
  readonly changes: RecordedChange[] = [];

  constructor() {
    // Never logs: `record` is replaced below.
    super(pino({ enabled: false }));
  }

  override record(actor: AdminActor, action: string, resource: string, change: { before: unknown; after: unknown }) {
    this.changes.push({ actor, action, resource, change });
  }
}

export function caller(role: UsageCaller['role'] = 'admin', who: Partial<UsageCaller> = {}): UsageCaller {
  return { keyId: randomUUID(), userId: randomUUID(), role, tenant: 'acme', ...who };
}
