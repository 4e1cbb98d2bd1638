import { Injectable } from '@nestjs/common';
import { UsageSeries, reportWindow } from '@lfc/contracts';
import { UsageReportCommand, usageFilter } from './usage-filter';
import { UsageReports } from './usage-reports.repository';

/** Tool calls, errors and latency per hour (24h) or day (7d, 30d), every bucket of the range. */
@Injectable()
export class GetUsageSeriesUseCase {
  constructor(private readonly reports: UsageReports) {}

  async execute(command: UsageReportCommand): Promise<UsageSeries> {
    const window = reportWindow(command.range, new Date());
    const points = await this.reports.series(usageFilter(command, window), window.bucketSeconds);
    return { range: command.range, ...window, points };
  }
}
