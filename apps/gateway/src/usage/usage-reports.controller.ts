import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ZodPipe, sendCsv } from '@lfc/common';
import {
  UsageBreakdown,
  UsageBreakdownQuery,
  UsageBreakdownQuerySchema,
  UsageQuery,
  UsageQuerySchema,
  UsageSeries,
} from '@lfc/contracts';
import { AuthenticatedGuard, principalOf } from '@lfc/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayAccessGuard } from '../access/access.guard';
import { GetUsageBreakdownUseCase } from './get-usage-breakdown.use-case';
import { GetUsageSeriesUseCase } from './get-usage-series.use-case';
import { UsageReader } from './usage-filter';

const CSV_FIGURES = ['calls', 'errors', 'p50_ms', 'p95_ms'] as const;

function readerOf(request: FastifyRequest): UsageReader {
  const { userId, role } = principalOf(request);
  return { userId, role };
}

/**
 * Tool-call usage for people and dashboards, from the request audit. Every role may ask: a report
 * covers the caller's own calls unless an admin asks for `scope=all` (checked in the use cases).
 */
@Controller('api/v1/usage')
@UseGuards(AuthenticatedGuard, GatewayAccessGuard)
export class UsageReportsController {
  constructor(
    private readonly series: GetUsageSeriesUseCase,
    private readonly breakdowns: GetUsageBreakdownUseCase,
  ) {}

  @Get('series')
  seriesOf(
    @Req() request: FastifyRequest,
    @Query(new ZodPipe(UsageQuerySchema, 'query')) query: UsageQuery,
  ): Promise<UsageSeries> {
    return this.series.execute({ ...query, reader: readerOf(request) });
  }

  @Get('breakdown')
  breakdown(
    @Req() request: FastifyRequest,
    @Query(new ZodPipe(UsageBreakdownQuerySchema, 'query')) query: UsageBreakdownQuery,
  ): Promise<UsageBreakdown> {
    return this.breakdowns.execute({ ...query, reader: readerOf(request) });
  }

  /** The breakdown as CSV: a column named after `by` (key id or tool), then the figures. */
  @Get('export.csv')
  async export(
    @Req() request: FastifyRequest,
    @Query(new ZodPipe(UsageBreakdownQuerySchema, 'query')) query: UsageBreakdownQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { by, range, rows } = await this.breakdowns.execute({ ...query, reader: readerOf(request) });
    const lines = rows.map((row) => ({
      [by]: row.key,
      calls: row.calls,
      errors: row.errors,
      p50_ms: row.p50Ms,
      p95_ms: row.p95Ms,
    }));
    await sendCsv(reply, `usage-by-${by}-${range}.csv`, [by, ...CSV_FIGURES], lines);
  }
}
