import { Body, Controller, Delete, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ZodPipe } from '@lfc/common';
import {
  BUDGETS_LIST_PATH,
  BUDGETS_PATH,
  BUDGETS_STATUS_PATH,
  BudgetStanding,
  BudgetStatus,
  CreateBudgetRequestSchema,
  ListBudgetsRequestSchema,
  ListBudgetsResponse,
  UpdateBudgetRequestSchema,
  UsageCaller,
} from '@lfc/contracts';
import { ForEndUser, InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import { z } from 'zod';
import { UsageCallerOf } from '../access/caller-policy';
import {
  CreateBudgetUseCase,
  DeleteBudgetUseCase,
  GetBudgetStandingUseCase,
  ListBudgetsUseCase,
  UpdateBudgetUseCase,
} from './budget.use-cases';

const budgetId = new ZodPipe(z.uuid(), 'budget id');

/** The gateway's budget gate reads the standing; the rest is for an admin surface on the gateway. */
@ApiExcludeController()
@Controller()
@UseGuards(ServiceTokenGuard)
@InternalCallers('gateway')
@ForEndUser()
export class BudgetsController {
  constructor(
    private readonly createBudget: CreateBudgetUseCase,
    private readonly updateBudget: UpdateBudgetUseCase,
    private readonly deleteBudget: DeleteBudgetUseCase,
    private readonly listBudgets: ListBudgetsUseCase,
    private readonly standing: GetBudgetStandingUseCase,
  ) {}

  @Post(BUDGETS_PATH)
  create(
    @Body(new ZodPipe(CreateBudgetRequestSchema)) budget: z.output<typeof CreateBudgetRequestSchema>,
    @UsageCallerOf() caller: UsageCaller,
  ): Promise<BudgetStatus> {
    return this.createBudget.execute(caller, budget);
  }

  @Post(BUDGETS_LIST_PATH)
  @HttpCode(200)
  async list(
    @Body(new ZodPipe(ListBudgetsRequestSchema)) filter: z.output<typeof ListBudgetsRequestSchema>,
    @UsageCallerOf() caller: UsageCaller,
  ): Promise<ListBudgetsResponse> {
    return { budgets: await this.listBudgets.execute(caller, filter) };
  }

  @Post(BUDGETS_STATUS_PATH)
  @HttpCode(200)
  status(@UsageCallerOf() caller: UsageCaller): Promise<BudgetStanding> {
    return this.standing.execute(caller);
  }

  @Patch(`${BUDGETS_PATH}/:id`)
  update(
    @Body(new ZodPipe(UpdateBudgetRequestSchema)) changes: z.output<typeof UpdateBudgetRequestSchema>,
    @Param('id', budgetId) id: string,
    @UsageCallerOf() caller: UsageCaller,
  ): Promise<BudgetStatus> {
    return this.updateBudget.execute(caller, id, changes);
  }

  @Delete(`${BUDGETS_PATH}/:id`)
  @HttpCode(204)
  async remove(@Param('id', budgetId) id: string, @UsageCallerOf() caller: UsageCaller): Promise<void> {
    await this.deleteBudget.execute(caller, { id });
  }
}
