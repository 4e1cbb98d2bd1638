import { Injectable } from '@nestjs/common';
import { USAGE_BREAKDOWN_MAX_ROWS, UsageBreakdown, UsageBreakdownQuery, reportWindow } from '@lfc/contracts';
import { UsageReportCommand, usageFilter } from './usage-filter';
import { UsageReports } from './usage-reports.repository';

/** Tool calls, errors and latency over the range per API key or per tool, busiest first. */
@Injectable()
export class GetUsageBreakdownUseCase {
  constructor(private readonly reports: UsageReports) {}

  async execute(command: UsageReportCommand & Pick<UsageBreakdownQuery, 'by'>): Promise<UsageBreakdown> {
    const window = reportWindow(command.range, new Date());
    const rows = await this.reports.breakdown(usageFilter(command, window), command.by, USAGE_BREAKDOWN_MAX_ROWS);
    return { range: command.range, from: window.from, to: window.to, by: command.by, rows };
  }
}
