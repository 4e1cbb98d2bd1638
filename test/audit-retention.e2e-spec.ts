import { Client } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AuditRetention } from '../apps/gateway/src/audit/audit-retention';
import { gatewayDatabase } from '../apps/gateway/src/database';
import { dataSourceOptions, runMigrations } from '../libs/database/src';
import { createTestDatabase } from './support/suite';

jest.setTimeout(60_000);

describe('audit retention', () => {
  it('deletes rows older than the retention period and keeps the rest', async () => {
    const database = await createTestDatabase();
    const dataSource = new DataSource(dataSourceOptions({ ...gatewayDatabase(database.url), poolSize: 2 }));
    try {
      await dataSource.initialize();
      await runMigrations(dataSource, 'gateway');
      const db = new Client({ connectionString: database.url });
      await db.connect();
      for (const age of [1, 89, 91, 400]) {
        await db.query(
          `INSERT INTO gateway.audit_logs (action, request_id, timestamp) VALUES ($1, $2, now() - make_interval(days => $3))`,
          [`age-${age}`, `r-${age}`, age],
        );
      }
      const deleted = await new AuditRetention(dataSource, 90, pino({ level: 'silent' })).purge();
      const { rows } = await db.query<{ action: string }>('SELECT action FROM gateway.audit_logs ORDER BY action');
      await db.end();
      expect(deleted).toBe(2);
      expect(rows.map((row) => row.action)).toEqual(['age-1', 'age-89']);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});
