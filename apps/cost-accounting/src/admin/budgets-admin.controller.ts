import {
  Body,
  Controller,
  applyDecorators,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiQueryOf, ZodPipe, openApi } from '@lfc/common';
import {
  BUDGET_SCOPES,
  BudgetListQuery,
  BudgetListQuerySchema,
  BudgetStatus,
  BudgetSubject,
  BudgetSubjectSchema,
  ListBudgetsResponse,
  SetBudgetBody,
  SetBudgetBodySchema,
} from '@lfc/contracts';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOfRequest } from '../access/admin-actor';
import { DeleteBudgetUseCase, ListBudgetsUseCase, SetBudgetUseCase } from '../budgets/budget.use-cases';

const budgetSubject = new ZodPipe(BudgetSubjectSchema, 'path');

const ApiBudgetSubject = () =>
  applyDecorators(
    ApiParam({
      name: 'scope',
      enum: BUDGET_SCOPES,
      description: 'key: one API key; user: every key and token of a user',
    }),
    ApiParam({ name: 'subjectId', format: 'uuid', description: 'the key id or user id' }),
  );

/**
 * Monthly budgets per API key and per user (ingress path /api/v1/cost). Developers see the budgets on
 * themselves and the key they use; only admins see everyone's, set and delete them.
 */
@ApiTags('budgets')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/cost/budgets')
@UseGuards(AuthenticatedGuard, AccessGuard)
@Roles('developer')
@RequiresScope('cost:budgets')
export class BudgetsAdminController {
  constructor(
    private readonly listBudgets: ListBudgetsUseCase,
    private readonly setBudget: SetBudgetUseCase,
    private readonly deleteBudget: DeleteBudgetUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Budgets with this month’s spend and the alerts they raised' })
  @ApiQueryOf(BudgetListQuerySchema)
  async list(
    @Req() request: FastifyRequest,
    @Query(new ZodPipe(BudgetListQuerySchema, 'query')) query: BudgetListQuery,
  ): Promise<ListBudgetsResponse> {
    return { budgets: await this.listBudgets.execute(actorOfRequest(request), query) };
  }

  /** 201 when the budget is new, 200 when an existing one was changed. */
  @Put(':scope/:subjectId')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the monthly budget of a key or user' })
  @ApiBudgetSubject()
  @ApiBody({ schema: openApi(SetBudgetBodySchema) })
  async set(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body(new ZodPipe(SetBudgetBodySchema)) budgetSettings: SetBudgetBody,
    @Param(budgetSubject) subject: BudgetSubject,
  ): Promise<BudgetStatus> {
    const { budget, created } = await this.setBudget.execute(actorOfRequest(request), {
      ...subject,
      ...budgetSettings,
    });
    void reply.status(created ? 201 : 200);
    return budget;
  }

  @Delete(':scope/:subjectId')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Remove the budget of a key or user' })
  @ApiBudgetSubject()
  async remove(@Req() request: FastifyRequest, @Param(budgetSubject) subject: BudgetSubject): Promise<void> {
    await this.deleteBudget.execute(actorOfRequest(request), subject);
  }
}
