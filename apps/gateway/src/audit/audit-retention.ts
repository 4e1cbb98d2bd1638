import { AppLogger, errorMessage, InjectLogger } from '@lfc/common';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export const AUDIT_RETENTION_DAYS = Symbol('AUDIT_RETENTION_DAYS');
const EVERY_MS = 3_600_000;

/** Deletes audit rows (and dead letters) older than the retention period, hourly (every replica may run it; it is idempotent). */
@Injectable()
export class AuditRetention implements OnModuleInit, OnApplicationShutdown {
  private readonly logger: AppLogger;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUDIT_RETENTION_DAYS) private readonly days: number,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'AuditRetention' });
  }

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.purge().catch((error: unknown) => this.logger.warn(`purge failed: ${errorMessage(error)}`)),
      EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    const result = await this.dataSource.query<[unknown[], number?]>(
      `DELETE FROM gateway.audit_logs WHERE timestamp < now() - make_interval(days => $1)`,
      [this.days],
    );
    // A dead letter goes when it is as old: never before the records chained ahead of it, so no gap opens mid-chain.
    await this.dataSource.query(
      `DELETE FROM gateway.audit_dead_letters WHERE dead_lettered_at < now() - make_interval(days => $1)`,
      [this.days],
    );
    const deleted = Array.isArray(result) ? (result[1] ?? 0) : 0;
    if (deleted > 0) this.logger.info(`deleted ${deleted} audit records older than ${this.days} days`);
    return deleted;
  }
}
