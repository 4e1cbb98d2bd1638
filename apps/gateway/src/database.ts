import { ServiceDatabaseOptions } from '@lfc/database';
import { CreateGatewayTables1764000000000 } from './migrations/1764000000000-CreateGatewayTables';
import { AuditChain1764200000000 } from './migrations/1764200000000-AuditChain';
import { AuditDeadLetters1764500000000 } from './migrations/1764500000000-AuditDeadLetters';
import { UsageReportIndexes1765200000000 } from './migrations/1765200000000-UsageReportIndexes';

export const GATEWAY_SCHEMA = 'gateway';

export function gatewayDatabase(url: string, poolSize?: number): ServiceDatabaseOptions {
  return {
    url,
    schema: GATEWAY_SCHEMA,
    entities: [],
    migrations: [
      CreateGatewayTables1764000000000,
      AuditChain1764200000000,
      AuditDeadLetters1764500000000,
      UsageReportIndexes1765200000000,
    ],
    poolSize,
  };
}
