import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { parseInput } from '@lfc/common';
import {
  CostSummary,
  CostSummaryRequestSchema,
  RecordUsageRequestSchema,
  RecordUsageResponse,
  USAGE_RECORD_PATH,
  USAGE_SUMMARY_PATH,
} from '@lfc/contracts';
import { ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { GetCostSummaryUseCase } from './get-cost-summary.use-case';
import { RecordUsageUseCase } from './record-usage.use-case';

@ApiExcludeController()
@Controller()
@UseGuards(ServiceTokenGuard)
export class UsageController {
  constructor(
    private readonly recordUsage: RecordUsageUseCase,
    private readonly getSummary: GetCostSummaryUseCase,
  ) {}

  /** 200 for a new record and for a retry alike; `created` tells them apart. */
  @Post(USAGE_RECORD_PATH)
  @HttpCode(200)
  record(@Body() body: unknown, @Req() request: FastifyRequest): Promise<RecordUsageResponse> {
    const command = parseInput(RecordUsageRequestSchema, body);
    request.logFields.user_id = command.caller.userId;
    return this.recordUsage.execute(command);
  }

  @Post(USAGE_SUMMARY_PATH)
  @HttpCode(200)
  summary(@Body() body: unknown, @Req() request: FastifyRequest): Promise<CostSummary> {
    const command = parseInput(CostSummaryRequestSchema, body);
    request.logFields.user_id = command.caller.userId;
    return this.getSummary.execute(command);
  }
}
