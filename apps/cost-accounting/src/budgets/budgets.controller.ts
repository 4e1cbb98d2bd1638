import { Body, Controller, Delete, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { parseInput } from '@lfc/common';
import {
  BUDGETS_LIST_PATH,
  BUDGETS_PATH,
  BUDGETS_STATUS_PATH,
  BudgetStanding,
  BudgetStandingRequestSchema,
  BudgetStatus,
  CreateBudgetRequestSchema,
  DeleteBudgetRequestSchema,
  ListBudgetsRequestSchema,
  ListBudgetsResponse,
  UpdateBudgetRequestSchema,
} from '@lfc/contracts';
import { ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import { z } from 'zod';
import {
  CreateBudgetUseCase,
  DeleteBudgetUseCase,
  GetBudgetStandingUseCase,
  ListBudgetsUseCase,
  UpdateBudgetUseCase,
} from './budget.use-cases';

const BudgetIdSchema = z.uuid();

@ApiExcludeController()
@Controller()
@UseGuards(ServiceTokenGuard)
export class BudgetsController {
  constructor(
    private readonly createBudget: CreateBudgetUseCase,
    private readonly updateBudget: UpdateBudgetUseCase,
    private readonly deleteBudget: DeleteBudgetUseCase,
    private readonly listBudgets: ListBudgetsUseCase,
    private readonly standing: GetBudgetStandingUseCase,
  ) {}

  @Post(BUDGETS_PATH)
  create(@Body() body: unknown): Promise<BudgetStatus> {
    const { caller, ...command } = parseInput(CreateBudgetRequestSchema, body);
    return this.createBudget.execute(caller, command);
  }

  @Post(BUDGETS_LIST_PATH)
  @HttpCode(200)
  async list(@Body() body: unknown): Promise<ListBudgetsResponse> {
    const { caller, ...filter } = parseInput(ListBudgetsRequestSchema, body);
    return { budgets: await this.listBudgets.execute(caller, filter) };
  }

  @Post(BUDGETS_STATUS_PATH)
  @HttpCode(200)
  status(@Body() body: unknown): Promise<BudgetStanding> {
    return this.standing.execute(parseInput(BudgetStandingRequestSchema, body).caller);
  }

  @Patch(`${BUDGETS_PATH}/:id`)
  update(@Param('id') id: string, @Body() body: unknown): Promise<BudgetStatus> {
    const { caller, ...changes } = parseInput(UpdateBudgetRequestSchema, body);
    return this.updateBudget.execute(caller, parseInput(BudgetIdSchema, id, 'budget id'), changes);
  }

  @Delete(`${BUDGETS_PATH}/:id`)
  @HttpCode(204)
  async remove(@Param('id') id: string, @Body() body: unknown): Promise<void> {
    const { caller } = parseInput(DeleteBudgetRequestSchema, body);
    await this.deleteBudget.execute(caller, { id: parseInput(BudgetIdSchema, id, 'budget id') });
  }
}
