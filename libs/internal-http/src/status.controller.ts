import { Controller, Get, UseGuards } from '@nestjs/common';
import { ProcessSnapshot, ProcessStats } from '@lfc/common';
import { STATUS_PATH } from '@lfc/contracts';
import { InternalCallers } from './internal-callers';
import { ServiceTokenGuard } from './service-token.guard';

/** This process's live figures, for the executor's get_system_status (internal callers only). */
@Controller()
@UseGuards(ServiceTokenGuard)
@InternalCallers('tool-executor')
export class StatusController {
  constructor(private readonly stats: ProcessStats) {}

  @Get(STATUS_PATH)
  status(): Promise<ProcessSnapshot> {
    return this.stats.snapshot();
  }
}
