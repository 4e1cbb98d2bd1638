import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BudgetAlert, BudgetScope, BudgetStatus } from '@lfc/contracts';
import { SqlFilter } from '@lfc/database';
import { DataSource } from 'typeorm';
import { canonicalDecimal } from '../money';
import { BudgetEntity } from './budget.entity';

export interface NewBudget {
  scope: BudgetScope;
  subjectId: string;
  monthlyLimitUsd: string;
  blockWhenExceeded: boolean;
  confirmOverrun: boolean;
  createdBy: string | null;
}

export type BudgetChanges = Partial<Pick<NewBudget, 'monthlyLimitUsd' | 'blockWhenExceeded' | 'confirmOverrun'>>;

/** A budget with the spend of the current calendar month (UTC) against it. */
export interface BudgetWithSpend extends BudgetStatus {
  /** Spend has reached 80 % of the limit. */
  reached80: boolean;
}

export interface BudgetFilter {
  scope?: BudgetScope;
  subjectId?: string;
  /** Only budgets on any of these subjects (a caller's key and user). */
  subjects?: Array<{ scope: BudgetScope; id: string }>;
}

export interface RaisedAlert {
  budgetId: string;
  periodMonth: string;
  threshold: 80 | 100;
}

export abstract class BudgetsRepository {
  /** Null when the subject already has a budget of this scope. */
  abstract create(budget: NewBudget): Promise<BudgetEntity | null>;
  abstract update(id: string, changes: BudgetChanges): Promise<boolean>;
  abstract delete(id: string): Promise<boolean>;
  abstract findById(id: string): Promise<BudgetWithSpend | null>;
  abstract listWithSpend(filter: BudgetFilter): Promise<BudgetWithSpend[]>;
  /**
   * Records that a threshold was reached this month; true only for the first call per budget,
   * month and threshold, across every replica (the table's primary key decides).
   */
  abstract recordAlert(budget: BudgetWithSpend, threshold: 80 | 100): Promise<RaisedAlert | null>;
  abstract markWebhookDelivered(alert: RaisedAlert): Promise<void>;
  /** The alerts of the current month (UTC) of each budget, lowest threshold first. */
  abstract alertsThisMonth(budgetIds: string[]): Promise<Map<string, BudgetAlert[]>>;
}

interface RawBudget {
  id: string;
  scope: BudgetScope;
  subject_id: string;
  limit_usd: string;
  block_when_exceeded: boolean;
  confirm_overrun: boolean;
  created_at: Date;
  updated_at: Date;
  spent: string;
  percent_used: number;
  exceeded: boolean;
  reached80: boolean;
}

/**
 * Spend this UTC calendar month (by the database's clock) from the running totals the ledger's
 * triggers keep (migrations MonthlySpend1765000000000, MonthlySpendShards1765600000000): at most 16
 * rows per budget, however large the ledger.
 */
const WITH_SPEND = `
  SELECT b.id, b.scope, b.subject_id, b.monthly_limit_usd::text AS limit_usd, b.block_when_exceeded,
         b.confirm_overrun, b.created_at, b.updated_at, s.spent::text AS spent,
         LEAST(floor(s.spent * 100 / b.monthly_limit_usd), 1000000)::int AS percent_used,
         s.spent >= b.monthly_limit_usd AS exceeded,
         s.spent * 100 >= b.monthly_limit_usd * 80 AS reached80
    FROM accounting.budgets b
    CROSS JOIN LATERAL (
      SELECT COALESCE(sum(m.spent_usd), 0) AS spent
        FROM accounting.monthly_spend m
       WHERE m.scope = b.scope AND m.subject_id = b.subject_id
         AND m.period_month = date_trunc('month', now() AT TIME ZONE 'UTC')::date
    ) s`;

function toBudget(raw: RawBudget): BudgetWithSpend {
  return {
    id: raw.id,
    scope: raw.scope,
    subjectId: raw.subject_id,
    monthlyLimitUsd: canonicalDecimal(raw.limit_usd),
    blockWhenExceeded: raw.block_when_exceeded,
    confirmOverrun: raw.confirm_overrun,
    createdAt: raw.created_at.toISOString(),
    updatedAt: raw.updated_at.toISOString(),
    spentUsd: canonicalDecimal(raw.spent),
    percentUsed: raw.percent_used,
    exceeded: raw.exceeded,
    reached80: raw.reached80,
  };
}

@Injectable()
export class TypeOrmBudgetsRepository extends BudgetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  private get budgets() {
    return this.dataSource.getRepository(BudgetEntity);
  }

  async create(budget: NewBudget): Promise<BudgetEntity | null> {
    const result = await this.budgets.createQueryBuilder().insert().values(budget).orIgnore().returning('id').execute();
    const id = (result.raw as Array<{ id: string }>)[0]?.id;
    return id ? this.budgets.findOneBy({ id }) : null;
  }

  async update(id: string, changes: BudgetChanges): Promise<boolean> {
    const result = await this.budgets.update({ id }, { ...changes, updatedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.budgets.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  async findById(id: string): Promise<BudgetWithSpend | null> {
    const rows = await this.dataSource.query<RawBudget[]>(`${WITH_SPEND} WHERE b.id = $1`, [id]);
    const row = rows[0];
    return row ? toBudget(row) : null;
  }

  async listWithSpend(filter: BudgetFilter): Promise<BudgetWithSpend[]> {
    const where = new SqlFilter();
    if (filter.scope) where.where('b.scope = ?', filter.scope);
    if (filter.subjectId) where.where('b.subject_id = ?', filter.subjectId);
    if (filter.subjects) {
      if (filter.subjects.length === 0) return [];
      const either = filter.subjects.map(() => '(b.scope = ? AND b.subject_id = ?)').join(' OR ');
      where.where(`(${either})`, ...filter.subjects.flatMap((subject) => [subject.scope, subject.id]));
    }
    const rows = await this.dataSource.query<RawBudget[]>(
      `${WITH_SPEND} ${where.clause} ORDER BY b.scope, b.subject_id`,
      where.params,
    );
    return rows.map(toBudget);
  }

  async recordAlert(budget: BudgetWithSpend, threshold: 80 | 100): Promise<RaisedAlert | null> {
    const rows = await this.dataSource.query<Array<{ period_month: string }>>(
      `INSERT INTO accounting.budget_alerts (budget_id, period_month, threshold, spent_usd, limit_usd)
       VALUES ($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, $2, $3::numeric, $4::numeric)
       ON CONFLICT DO NOTHING
       RETURNING period_month::text AS period_month`,
      [budget.id, threshold, budget.spentUsd, budget.monthlyLimitUsd],
    );
    const row = rows[0];
    return row ? { budgetId: budget.id, periodMonth: row.period_month, threshold } : null;
  }

  async markWebhookDelivered(alert: RaisedAlert): Promise<void> {
    await this.dataSource.query(
      `UPDATE accounting.budget_alerts SET webhook_delivered_at = now()
        WHERE budget_id = $1 AND period_month = $2::date AND threshold = $3`,
      [alert.budgetId, alert.periodMonth, alert.threshold],
    );
  }

  async alertsThisMonth(budgetIds: string[]): Promise<Map<string, BudgetAlert[]>> {
    const alerts = new Map<string, BudgetAlert[]>();
    if (budgetIds.length === 0) return alerts;
    const rows = await this.dataSource.query<
      Array<{
        budget_id: string;
        threshold: 80 | 100;
        spent: string;
        raised_at: Date;
        webhook_delivered_at: Date | null;
      }>
    >(
      `SELECT budget_id, threshold, spent_usd::text AS spent, raised_at, webhook_delivered_at
         FROM accounting.budget_alerts
        WHERE budget_id = ANY($1::uuid[]) AND period_month = date_trunc('month', now() AT TIME ZONE 'UTC')::date
        ORDER BY budget_id, threshold`,
      [budgetIds],
    );
    for (const row of rows) {
      const list = alerts.get(row.budget_id) ?? [];
      list.push({
        threshold: row.threshold,
        spentUsd: canonicalDecimal(row.spent),
        raisedAt: row.raised_at.toISOString(),
        webhookDeliveredAt: row.webhook_delivered_at?.toISOString() ?? null,
      });
      alerts.set(row.budget_id, list);
    }
    return alerts;
  }
}
