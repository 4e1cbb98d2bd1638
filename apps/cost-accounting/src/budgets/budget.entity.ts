import type { BudgetScope } from '@lfc/contracts';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A monthly USD limit on an API key's or a user's spend. */
@Entity({ name: 'budgets' })
export class BudgetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 8 })
  scope!: BudgetScope;

  /** The key id (scope `key`) or user id (scope `user`). */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ name: 'monthly_limit_usd', type: 'numeric', precision: 24, scale: 12 })
  monthlyLimitUsd!: string;

  @Column({ name: 'block_when_exceeded', type: 'boolean', default: false })
  blockWhenExceeded!: boolean;

  /** Usage that would take spend past the limit waits for the person's confirmation. */
  @Column({ name: 'confirm_overrun', type: 'boolean', default: false })
  confirmOverrun!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** An alert raised for a budget: at most one per budget, month and threshold. */
@Entity({ name: 'budget_alerts' })
export class BudgetAlertEntity {
  @PrimaryColumn({ name: 'budget_id', type: 'uuid' })
  budgetId!: string;

  @PrimaryColumn({ name: 'period_month', type: 'date' })
  periodMonth!: string;

  @PrimaryColumn({ type: 'smallint' })
  threshold!: number;

  @Column({ name: 'spent_usd', type: 'numeric', precision: 24, scale: 12 })
  spentUsd!: string;

  @Column({ name: 'limit_usd', type: 'numeric', precision: 24, scale: 12 })
  limitUsd!: string;

  @Column({ name: 'raised_at', type: 'timestamptz', default: () => 'now()' })
  raisedAt!: Date;

  @Column({ name: 'webhook_delivered_at', type: 'timestamptz', nullable: true })
  webhookDeliveredAt!: Date | null;
}
