import { ServiceDatabaseOptions } from '@lfc/database';
import { authDatabase } from '../apps/auth/src/database';
import { accountingDatabase } from '../apps/cost-accounting/src/database';
import { gatewayDatabase } from '../apps/gateway/src/database';

/** Every service's schema in the one database, in the order `npm run migrate` and `lfc restore` migrate them. */
export function serviceDatabases(url: string): ServiceDatabaseOptions[] {
  return [gatewayDatabase(url), authDatabase(url), accountingDatabase(url)];
}
