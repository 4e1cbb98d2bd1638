import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { DomainError, csvCell, parseInput } from '@lfc/common';
import { CostSummary, CostSummaryRequestSchema, SummaryGroupBySchema, SummaryPeriodSchema, SummaryScopeSchema } from '@lfc/contracts';
import { z } from 'zod';
import { AuthenticatedGuard, Roles, callerOf } from '@lfc/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GetCostSummaryUseCase } from './get-cost-summary.use-case';

/** Report query: the summary request without the caller, which comes from the credentials. */
const ReportQuerySchema = z.object({
  period: SummaryPeriodSchema.optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  groupBy: SummaryGroupBySchema.optional(),
  scope: SummaryScopeSchema.optional(),
});

/**
 * Cost reports for people and dashboards (ingress path /cost). Everyone sees their own usage;
 * `scope=all` is for admins, as in the tools.
 */
@Controller('api/v1/cost')
@UseGuards(AuthenticatedGuard)
@Roles('developer', 'user')
export class CostReportsController {
  constructor(private readonly summaries: GetCostSummaryUseCase) {}

  @Get('summary')
  summary(@Req() request: FastifyRequest, @Query() query: unknown): Promise<CostSummary> {
    return this.run(request, query);
  }

  @Get('export.csv')
  async export(@Req() request: FastifyRequest, @Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const summary = await this.run(request, { groupBy: 'day', ...(query as Record<string, unknown>) });
    const header = ['group', 'cost_usd', 'input_tokens', 'output_tokens', 'total_tokens', 'records'];
    const rows = summary.groups.map((group) =>
      [group.key, group.costUsd, group.inputTokens, group.outputTokens, group.totalTokens, group.records].map(csvCell).join(','),
    );
    const total = ['TOTAL', summary.totals.costUsd, summary.totals.inputTokens, summary.totals.outputTokens, summary.totals.totalTokens, summary.totals.records]
      .map(csvCell)
      .join(',');
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cost-${summary.groupBy ?? 'total'}.csv"`)
      .send(`${[header.join(','), ...rows, total].join('\n')}\n`);
  }

  private run(request: FastifyRequest, query: unknown): Promise<CostSummary> {
    const principal = request.principal;
    if (!principal) throw new DomainError('missing_api_key', 'Credentials are required');
    const filter = parseInput(ReportQuerySchema, query, 'query');
    return this.summaries.execute(parseInput(CostSummaryRequestSchema, { ...filter, caller: callerOf(principal) }, 'query'));
  }
}
