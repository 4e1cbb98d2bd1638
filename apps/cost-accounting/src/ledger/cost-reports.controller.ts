import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiQueryOf, DomainError, ZodPipe, parseInput, sendCsv } from '@lfc/common';
import {
  CostSeries,
  CostSeriesQuery,
  CostSeriesQuerySchema,
  CostSummary,
  CostSummaryRequest,
  ReportQuerySchema,
  ReportRequestSchema,
  UsageCaller,
  UsageCallerSchema,
} from '@lfc/contracts';
import { z } from 'zod';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, Roles, callerOf } from '@lfc/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GetCostSeriesUseCase } from './get-cost-series.use-case';
import { GetCostSummaryUseCase } from './get-cost-summary.use-case';

const reportQuery = new ZodPipe(ReportRequestSchema, 'query');
/** The export groups by day unless told otherwise. */
const exportQuery = new ZodPipe(
  z.preprocess((query) => ({ groupBy: 'day', ...(query as object) }), ReportRequestSchema),
  'query',
);

/** The summary export's columns: one line per group, then the TOTAL line. */
const COST_CSV_COLUMNS = ['group', 'cost_usd', 'input_tokens', 'output_tokens', 'total_tokens', 'records'] as const;

/**
 * Cost reports for people and dashboards (ingress path /api/v1/cost). Everyone sees their own usage;
 * `scope=all` is for admins, as in the tools.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/cost')
@UseGuards(AuthenticatedGuard, AccessGuard)
@Roles('developer', 'user')
export class CostReportsController {
  constructor(
    private readonly summaries: GetCostSummaryUseCase,
    private readonly series: GetCostSeriesUseCase,
  ) {}

  @Get('summary')
  @ApiOperation({ summary: 'Spend and tokens over a period, optionally grouped' })
  @ApiQueryOf(ReportQuerySchema)
  summary(@Req() request: FastifyRequest, @Query(reportQuery) query: CostSummaryRequest): Promise<CostSummary> {
    return this.run(request, query);
  }

  @Get('series')
  @ApiOperation({ summary: 'Spend and tokens per hour (24h) or day (7d, 30d), split by model, key or operation type' })
  @ApiQueryOf(CostSeriesQuerySchema)
  seriesOf(
    @Req() request: FastifyRequest,
    @Query(new ZodPipe(CostSeriesQuerySchema, 'query')) query: CostSeriesQuery,
  ): Promise<CostSeries> {
    return this.series.execute({ ...query, caller: this.callerOf(request) });
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The summary as CSV (grouped by day unless told otherwise), with a TOTAL line' })
  @ApiProduces('text/csv')
  @ApiQueryOf(ReportQuerySchema)
  async export(
    @Req() request: FastifyRequest,
    @Query(exportQuery) query: CostSummaryRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const summary = await this.run(request, query);
    const lines = [...summary.groups, { key: 'TOTAL', ...summary.totals }].map((line) => ({
      group: line.key,
      cost_usd: line.costUsd,
      input_tokens: line.inputTokens,
      output_tokens: line.outputTokens,
      total_tokens: line.totalTokens,
      records: line.records,
    }));
    await sendCsv(reply, `cost-${summary.groupBy ?? 'total'}.csv`, COST_CSV_COLUMNS, lines);
  }

  private run(request: FastifyRequest, query: CostSummaryRequest): Promise<CostSummary> {
    return this.summaries.execute({ ...query, caller: this.callerOf(request) });
  }

  private callerOf(request: FastifyRequest): UsageCaller {
    const principal = request.principal;
    if (!principal) throw new DomainError('missing_api_key', 'Credentials are required');
    return parseInput(UsageCallerSchema, callerOf(principal), 'caller');
  }
}
