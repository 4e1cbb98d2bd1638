import { Body, Controller, Delete, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { parseInput } from '@lfc/common';
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
} from '@lfc/contracts';
import { EndUser, EndUserOf, ForEndUser, InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import { z } from 'zod';
import { usageCallerOf } from '../access/caller-policy';
import {
  CreateBudgetUseCase,
  DeleteBudgetUseCase,
  GetBudgetStandingUseCase,
  ListBudgetsUseCase,
  UpdateBudgetUseCase,
} from './budget.use-cases';

const BudgetIdSchema = z.uuid();

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
  create(@Body() body: unknown, @EndUserOf() endUser: EndUser): Promise<BudgetStatus> {
    return this.createBudget.execute(usageCallerOf(endUser), parseInput(CreateBudgetRequestSchema, body));
  }

  @Post(BUDGETS_LIST_PATH)
  @HttpCode(200)
  async list(@Body() body: unknown, @EndUserOf() endUser: EndUser): Promise<ListBudgetsResponse> {
    return {
      budgets: await this.listBudgets.execute(usageCallerOf(endUser), parseInput(ListBudgetsRequestSchema, body)),
    };
  }

  @Post(BUDGETS_STATUS_PATH)
  @HttpCode(200)
  status(@EndUserOf() endUser: EndUser): Promise<BudgetStanding> {
    return this.standing.execute(usageCallerOf(endUser));
  }

  @Patch(`${BUDGETS_PATH}/:id`)
  update(@Param('id') id: string, @Body() body: unknown, @EndUserOf() endUser: EndUser): Promise<BudgetStatus> {
    return this.updateBudget.execute(
      usageCallerOf(endUser),
      parseInput(BudgetIdSchema, id, 'budget id'),
      parseInput(UpdateBudgetRequestSchema, body),
    );
  }

  @Delete(`${BUDGETS_PATH}/:id`)
  @HttpCode(204)
  async remove(@Param('id') id: string, @EndUserOf() endUser: EndUser): Promise<void> {
    await this.deleteBudget.execute(usageCallerOf(endUser), { id: parseInput(BudgetIdSchema, id, 'budget id') });
  }
}
