import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleImports } from '@lfc/common';
import { GetUsageBreakdownUseCase } from './get-usage-breakdown.use-case';
import { GetUsageSeriesUseCase } from './get-usage-series.use-case';
import { SqlUsageReports, UsageReports } from './usage-reports.repository';
import { UsageReportsController } from './usage-reports.controller';

/** Usage reports over the request audit (`/api/v1/usage`); `imports` carry what its guards inject. */
@Module({})
export class UsageModule {
  static forRoot(imports: ModuleImports): DynamicModule {
    return {
      module: UsageModule,
      imports,
      controllers: [UsageReportsController],
      providers: [
        { provide: UsageReports, useClass: SqlUsageReports },
        GetUsageSeriesUseCase,
        GetUsageBreakdownUseCase,
      ],
    };
  }
}
