import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ZodPipe } from '@lfc/common';
import {
  CostSummary,
  CostSummaryRequest,
  CostSummaryRequestSchema,
  RecordUsageRequest,
  RecordUsageRequestSchema,
  RecordUsageResponse,
  USAGE_RECORD_PATH,
  USAGE_SUMMARY_PATH,
  UsageCaller,
} from '@lfc/contracts';
import { ForEndUser, InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import { UsageCallerOf } from '../access/caller-policy';
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

  /**
   * 200 for a new record and for a retry alike; `created` tells them apart. 428
   * `confirmation_required` (with `details.preview`) for usage that needs the person's yes first.
   */
  @Post(USAGE_RECORD_PATH)
  @HttpCode(200)
  record(
    @UsageCallerOf() caller: UsageCaller,
    @Body(new ZodPipe(RecordUsageRequestSchema)) usage: RecordUsageRequest,
  ): Promise<RecordUsageResponse> {
    return this.recordUsage.execute({ ...usage, caller });
  }

  @Post(USAGE_SUMMARY_PATH)
  @HttpCode(200)
  summary(
    @UsageCallerOf() caller: UsageCaller,
    @Body(new ZodPipe(CostSummaryRequestSchema)) request: CostSummaryRequest,
  ): Promise<CostSummary> {
    return this.getSummary.execute({ ...request, caller });
  }
}
