import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import type { BudgetReport, BudgetScope, BudgetStanding, BudgetStatus, UsageCaller } from '@lfc/contracts';
import { AdminActor, AdminChangeLog } from '../access/admin-changes';
import { assertAdmin } from '../access/caller-policy';
import { BudgetMonitor } from './budget-monitor';
import { BudgetWithSpend, BudgetsRepository } from './budgets.repository';

/** The API shape of a budget: the internal `reached80` flag stays inside. */
export function statusOf(budget: BudgetWithSpend): BudgetStatus {
  const { reached80: _internal, ...status } = budget;
  return status;
}

export interface CreateBudgetCommand {
  scope: BudgetScope;
  subjectId: string;
  monthlyLimitUsd: string;
  blockWhenExceeded: boolean;
  /** Default false: the budget never asks before an overrun. */
  confirmOverrun?: boolean;
}

export type BudgetChangesCommand = { monthlyLimitUsd?: string; blockWhenExceeded?: boolean; confirmOverrun?: boolean };

/** A budget named by its id, or by what it limits (each key and user has at most one). */
export type BudgetTarget = { id: string } | { scope: BudgetScope; subjectId: string };

const resourceOf = (budget: BudgetStatus) => `budget:${budget.scope}:${budget.subjectId}`;

/** Budgets limit spend, so only admins set them (a user raising their own limit defeats it). */
@Injectable()
export class CreateBudgetUseCase {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly changes: AdminChangeLog,
  ) {}

  async execute(actor: AdminActor, command: CreateBudgetCommand): Promise<BudgetStatus> {
    assertAdmin(actor, 'setting budgets');
    const created = await this.budgets.create({
      ...command,
      confirmOverrun: command.confirmOverrun ?? false,
      createdBy: actor.userId,
    });
    if (!created) {
      throw new DomainError('conflict', `subjectId: this ${command.scope} already has a budget; update it instead`);
    }
    const withSpend = await this.budgets.findById(created.id);
    if (!withSpend) throw new DomainError('not_found', 'the budget was deleted while being created');
    const status = statusOf(withSpend);
    this.changes.record(actor, 'budget.create', resourceOf(status), { before: null, after: status });
    return status;
  }
}

@Injectable()
export class UpdateBudgetUseCase {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly changes: AdminChangeLog,
  ) {}

  async execute(actor: AdminActor, id: string, changes: BudgetChangesCommand): Promise<BudgetStatus> {
    assertAdmin(actor, 'changing budgets');
    if (
      changes.monthlyLimitUsd === undefined &&
      changes.blockWhenExceeded === undefined &&
      changes.confirmOverrun === undefined
    ) {
      throw new DomainError('validation_failed', 'monthlyLimitUsd: give it, blockWhenExceeded or confirmOverrun');
    }
    const before = await this.budgets.findById(id);
    if (!before || !(await this.budgets.update(id, changes))) throw new DomainError('not_found', `no budget ${id}`);
    const updated = await this.budgets.findById(id);
    if (!updated) throw new DomainError('not_found', `no budget ${id}`);
    const status = statusOf(updated);
    this.changes.record(actor, 'budget.update', resourceOf(status), { before: statusOf(before), after: status });
    return status;
  }
}

/**
 * Sets the budget of a key or user whether or not it has one: creates it, or changes the limit
 * (and the blocking and confirming flags when given) of the one it has.
 */
@Injectable()
export class SetBudgetUseCase {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly createBudget: CreateBudgetUseCase,
    private readonly updateBudget: UpdateBudgetUseCase,
  ) {}

  async execute(
    actor: AdminActor,
    command: {
      scope: BudgetScope;
      subjectId: string;
      monthlyLimitUsd: string;
      blockWhenExceeded?: boolean;
      confirmOverrun?: boolean;
    },
  ): Promise<{ budget: BudgetStatus; created: boolean }> {
    assertAdmin(actor, 'setting budgets');
    const changes: BudgetChangesCommand = { monthlyLimitUsd: command.monthlyLimitUsd };
    if (command.blockWhenExceeded !== undefined) changes.blockWhenExceeded = command.blockWhenExceeded;
    if (command.confirmOverrun !== undefined) changes.confirmOverrun = command.confirmOverrun;
    const existing = await findBudget(this.budgets, command);
    if (existing) return { budget: await this.updateBudget.execute(actor, existing.id, changes), created: false };
    try {
      const budget = await this.createBudget.execute(actor, {
        ...command,
        blockWhenExceeded: command.blockWhenExceeded ?? false,
        confirmOverrun: command.confirmOverrun ?? false,
      });
      return { budget, created: true };
    } catch (error) {
      // Another admin created it at the same moment: set it as an existing one.
      if (!(error instanceof DomainError && error.code === 'conflict')) throw error;
      const raced = await findBudget(this.budgets, command);
      if (!raced) throw error;
      return { budget: await this.updateBudget.execute(actor, raced.id, changes), created: false };
    }
  }
}

@Injectable()
export class DeleteBudgetUseCase {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly changes: AdminChangeLog,
  ) {}

  async execute(actor: AdminActor, target: BudgetTarget): Promise<void> {
    assertAdmin(actor, 'deleting budgets');
    const budget = await findBudget(this.budgets, target);
    if (!budget || !(await this.budgets.delete(budget.id)))
      throw new DomainError('not_found', `no budget ${describeTarget(target)}`);
    this.changes.record(actor, 'budget.delete', resourceOf(budget), { before: statusOf(budget), after: null });
  }
}

async function findBudget(budgets: BudgetsRepository, target: BudgetTarget): Promise<BudgetWithSpend | null> {
  if ('id' in target) return budgets.findById(target.id);
  const [found] = await budgets.listWithSpend({ scope: target.scope, subjectId: target.subjectId });
  return found ?? null;
}

function describeTarget(target: BudgetTarget): string {
  return 'id' in target ? target.id : `on ${target.scope} ${target.subjectId}`;
}

/**
 * Admins see every budget; anyone else the budgets on their own user and the key they use. Each
 * with the alerts it raised this month.
 */
@Injectable()
export class ListBudgetsUseCase {
  constructor(private readonly budgets: BudgetsRepository) {}

  async execute(caller: UsageCaller, filter: { scope?: BudgetScope; subjectId?: string }): Promise<BudgetReport[]> {
    const own = [
      { scope: 'user' as const, id: caller.userId },
      ...(caller.keyId ? [{ scope: 'key' as const, id: caller.keyId }] : []),
    ];
    const found = await this.budgets.listWithSpend({
      ...filter,
      ...(caller.role === 'admin' ? {} : { subjects: own }),
    });
    const alerts = await this.budgets.alertsThisMonth(found.map((budget) => budget.id));
    return found.map((budget) => ({ ...statusOf(budget), alerts: alerts.get(budget.id) ?? [] }));
  }
}

/** Whether the caller may still report usage, and how its budgets stand (for the gateway or a UI). */
@Injectable()
export class GetBudgetStandingUseCase {
  constructor(private readonly monitor: BudgetMonitor) {}

  async execute(caller: UsageCaller): Promise<BudgetStanding> {
    const budgets = await this.monitor.standing(caller);
    return {
      blocked: budgets.some((budget) => budget.blockWhenExceeded && budget.exceeded),
      budgets: budgets.map(statusOf),
    };
  }
}
