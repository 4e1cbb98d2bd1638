import { ServiceDatabaseOptions } from '@lfc/database';
import { CreateGatewayTables1764000000000 } from './migrations/1764000000000-CreateGatewayTables';

export const GATEWAY_SCHEMA = 'gateway';

export function gatewayDatabase(url: string, poolSize?: number): ServiceDatabaseOptions {
  return { url, schema: GATEWAY_SCHEMA, entities: [], migrations: [CreateGatewayTables1764000000000], poolSize };
}
