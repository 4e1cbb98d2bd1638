import { ServiceDatabaseOptions } from '@lfc/database';
import { CostTrackingEntity } from './ledger/cost-tracking.entity';
import { CreateAccountingTables1764000000000 } from './migrations/1764000000000-CreateAccountingTables';

export const ACCOUNTING_SCHEMA = 'accounting';

export function accountingDatabase(url: string, poolSize?: number): ServiceDatabaseOptions {
  return {
    url,
    schema: ACCOUNTING_SCHEMA,
    entities: [CostTrackingEntity],
    migrations: [CreateAccountingTables1764000000000],
    poolSize,
  };
}
