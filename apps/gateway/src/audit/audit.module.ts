import { DynamicModule, Module } from '@nestjs/common';
import { AuditRetention, AUDIT_RETENTION_DAYS } from './audit-retention';
import { AUDIT_SETTINGS, AuditSettings, AuditWriter } from './audit-writer';
import { AuditController } from './audit.controller';
import { RequestAuditQueries } from './audit-queries';

@Module({})
export class AuditModule {
  static forRoot(settings: AuditSettings & { retentionDays: number }): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [
        { provide: AUDIT_SETTINGS, useValue: settings },
        { provide: AUDIT_RETENTION_DAYS, useValue: settings.retentionDays },
        AuditWriter,
        AuditRetention,
        RequestAuditQueries,
      ],
      exports: [AuditWriter],
    };
  }
}
