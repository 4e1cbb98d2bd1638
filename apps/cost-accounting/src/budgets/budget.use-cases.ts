import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import type { BudgetScope, BudgetStanding, BudgetStatus, UsageCaller } from '@lfc/contracts';
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
}

/** Budgets limit spend, so only admins set them (a user raising their own limit defeats it). */
@Injectable()
export class CreateBudgetUseCase {
  constructor(private readonly budgets: BudgetsRepository) {}

  async execute(caller: UsageCaller, command: CreateBudgetCommand): Promise<BudgetStatus> {
    assertAdmin(caller, 'setting budgets');
    const created = await this.budgets.create({ ...command, createdBy: caller.userId });
    if (!created) {
      throw new DomainError('conflict', `subjectId: this ${command.scope} already has a budget; update it instead`);
    }
    const withSpend = await this.budgets.findById(created.id);
    if (!withSpend) throw new DomainError('not_found', 'the budget was deleted while being created');
    return statusOf(withSpend);
  }
}

@Injectable()
export class UpdateBudgetUseCase {
  constructor(private readonly budgets: BudgetsRepository) {}

  async execute(
    caller: UsageCaller,
    id: string,
    changes: { monthlyLimitUsd?: string; blockWhenExceeded?: boolean },
  ): Promise<BudgetStatus> {
    assertAdmin(caller, 'changing budgets');
    if (changes.monthlyLimitUsd === undefined && changes.blockWhenExceeded === undefined) {
      throw new DomainError('validation_failed', 'monthlyLimitUsd: give it or blockWhenExceeded');
    }
    if (!(await this.budgets.update(id, changes))) throw new DomainError('not_found', `no budget ${id}`);
    const updated = await this.budgets.findById(id);
    if (!updated) throw new DomainError('not_found', `no budget ${id}`);
    return statusOf(updated);
  }
}

@Injectable()
export class DeleteBudgetUseCase {
  constructor(private readonly budgets: BudgetsRepository) {}

  async execute(caller: UsageCaller, id: string): Promise<void> {
    assertAdmin(caller, 'deleting budgets');
    if (!(await this.budgets.delete(id))) throw new DomainError('not_found', `no budget ${id}`);
  }
}

/** Admins see every budget; anyone else the budgets on their own user and the key they use. */
@Injectable()
export class ListBudgetsUseCase {
  constructor(private readonly budgets: BudgetsRepository) {}

  async execute(caller: UsageCaller, filter: { scope?: BudgetScope; subjectId?: string }): Promise<BudgetStatus[]> {
    const own = [{ scope: 'user' as const, id: caller.userId }, ...(caller.keyId ? [{ scope: 'key' as const, id: caller.keyId }] : [])];
    const found = await this.budgets.listWithSpend({
      ...filter,
      ...(caller.role === 'admin' ? {} : { subjects: own }),
    });
    return found.map(statusOf);
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
