import { baseServiceEnvSchema, envSchemas, loadConfig } from '@lfc/common';
import { z } from 'zod';

export const costAccountingEnvSchema = baseServiceEnvSchema.extend({
  PORT: envSchemas.port(8003),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  LFC_DB_POOL_SIZE: envSchemas.positiveInt(10),
  LFC_MIGRATE_ON_START: envSchemas.boolean(true),
});

export type CostAccountingConfig = z.infer<typeof costAccountingEnvSchema>;

export const loadCostAccountingConfig = (env: NodeJS.ProcessEnv = process.env): CostAccountingConfig =>
  loadConfig(costAccountingEnvSchema, env);
