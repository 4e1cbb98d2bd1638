import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleImports } from '@lfc/common';
import { ResilienceModule } from '@lfc/resilience';
import { AuditRetention, AUDIT_RETENTION_DAYS } from './audit-retention';
import { AUDIT_SETTINGS, AuditSettings, AuditWriter, auditMetricProviders } from './audit-writer';
import { AuditController } from './audit.controller';
import { RequestAuditQueries } from './audit-queries';

@Module({})
export class AuditModule {
  static forRoot(settings: AuditSettings & { retentionDays: number }, imports: ModuleImports): DynamicModule {
    return {
      module: AuditModule,
      imports: [...imports, ResilienceModule],
      controllers: [AuditController],
      providers: [
        { provide: AUDIT_SETTINGS, useValue: settings },
        { provide: AUDIT_RETENTION_DAYS, useValue: settings.retentionDays },
        ...auditMetricProviders,
        AuditWriter,
        AuditRetention,
        RequestAuditQueries,
      ],
      exports: [AuditWriter],
    };
  }
}
