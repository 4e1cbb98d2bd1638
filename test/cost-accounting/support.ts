import type { LoggerService } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { LoggingModule } from '@lfc/common';
import { DatabaseModule, MigrationClass, dataSourceOptions } from '@lfc/database';
import type { ModelPriceInput, UsageCaller } from '@lfc/contracts';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { BudgetWebhookSettings } from '../../apps/cost-accounting/src/budgets/budget-alert-notifier';
import { CostCoreModule } from '../../apps/cost-accounting/src/cost-core.module';
import { accountingDatabase } from '../../apps/cost-accounting/src/database';

/** Nest's own framework logs add nothing to these tests; the service's pino events are captured below. */
const QUIET: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

export interface CostCore {
  module: TestingModule;
  dataSource: DataSource;
  /** Structured log lines the service wrote (pino JSON, parsed). */
  logs: Array<Record<string, unknown>>;
  close: () => Promise<void>;
}

/** The cost-accounting domain on a real database, migrated as at service start. */
export async function startCostCore(
  databaseUrl: string,
  options: { priceOverrides?: ModelPriceInput[]; webhook?: Partial<BudgetWebhookSettings> } = {},
): Promise<CostCore> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const module = await Test.createTestingModule({
    imports: [
      LoggingModule.forRoot(pino({ level: 'info', base: { service: 'cost-accounting' }, messageKey: 'message' }, sink)),
      DatabaseModule.forRoot({ ...accountingDatabase(databaseUrl, 8), migrateOnStart: true }),
      CostCoreModule.forRoot({
        priceOverrides: options.priceOverrides ?? [],
        webhook: { url: undefined, attempts: 3, backoffMs: 20, timeoutMs: 2000, ...options.webhook },
      }),
    ],
  })
    .setLogger(QUIET)
    .compile();
  await module.init();
  return { module, dataSource: module.get(DataSource), logs, close: () => module.close() };
}

export function caller(overrides: Partial<UsageCaller> = {}): UsageCaller {
  const userId = overrides.userId ?? randomUUID();
  return { keyId: randomUUID(), userId, role: 'developer', tenant: `user-${userId}`, ...overrides };
}

/** Current value of a Prometheus counter series (0 when it has not been touched). */
export async function counterValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const found = values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted),
  );
  return found?.value ?? 0;
}

// ---- exact decimal arithmetic of the test's own, independent of the service's money module ----

/** A decimal string as a BigInt count of 1e-12 USD. */
export function picoUsd(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt(whole) * 10n ** 12n + BigInt(fraction.padEnd(12, '0').slice(0, 12) || '0');
}

/** tokens × (USD per million) / 1e6, in 1e-12 USD: tokens × price in micro-USD. */
export function costPico(tokens: number, usdPerMillion: string): bigint {
  return BigInt(tokens) * (picoUsd(usdPerMillion) / 10n ** 6n);
}

/**
 * A pool on `url` that knows the first `count` accounting migrations (all by default), for tests
 * that migrate step by step; `opened` collects it, for the test to destroy.
 */
export async function accountingSource(url: string, opened: DataSource[], count?: number): Promise<DataSource> {
  const options = accountingDatabase(url, 4);
  const migrations = (options.migrations as MigrationClass[]).slice(0, count);
  const source = new DataSource(dataSourceOptions({ ...options, migrations }));
  await source.initialize();
  opened.push(source);
  return source;
}
