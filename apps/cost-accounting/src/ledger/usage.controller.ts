import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { parseInput } from '@lfc/common';
import {
  CostSummary,
  CostSummaryRequestSchema,
  RecordUsageRequestSchema,
  RecordUsageResponse,
  USAGE_RECORD_PATH,
  USAGE_SUMMARY_PATH,
} from '@lfc/contracts';
import { EndUser, EndUserOf, ForEndUser, InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import { usageCallerOf } from '../access/caller-policy';
import { GetCostSummaryUseCase } from './get-cost-summary.use-case';
import { RecordUsageUseCase } from './record-usage.use-case';

/** Reached through the executor's cost tools, for the end user of the tool call. */
@ApiExcludeController()
@Controller()
@UseGuards(ServiceTokenGuard)
@InternalCallers('tool-executor')
@ForEndUser()
export class UsageController {
  constructor(
    private readonly recordUsage: RecordUsageUseCase,
    private readonly getSummary: GetCostSummaryUseCase,
  ) {}

  /** 200 for a new record and for a retry alike; `created` tells them apart. */
  @Post(USAGE_RECORD_PATH)
  @HttpCode(200)
  record(@Body() body: unknown, @EndUserOf() endUser: EndUser): Promise<RecordUsageResponse> {
    return this.recordUsage.execute({ ...parseInput(RecordUsageRequestSchema, body), caller: usageCallerOf(endUser) });
  }

  @Post(USAGE_SUMMARY_PATH)
  @HttpCode(200)
  summary(@Body() body: unknown, @EndUserOf() endUser: EndUser): Promise<CostSummary> {
    return this.getSummary.execute({ ...parseInput(CostSummaryRequestSchema, body), caller: usageCallerOf(endUser) });
  }
}
