import { baseServiceEnvSchema, envSchemas, loadConfig } from '@lfc/common';
import type { ModelPriceInput } from '@lfc/contracts';
import { z } from 'zod';
import { loadPriceOverrides } from './prices/price-overrides';

export const costAccountingEnvSchema = baseServiceEnvSchema.extend({
  PORT: envSchemas.port(8003),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  LFC_DB_POOL_SIZE: envSchemas.positiveInt(10),
  LFC_MIGRATE_ON_START: envSchemas.boolean(true),
  /** JSON file of model prices applied at start over the shipped list (see prices/price-overrides.ts). */
  LFC_MODEL_PRICES_FILE: z.string().min(1).optional(),
  /** Receives a POST for every budget alert (80 % and 100 % of a monthly limit). */
  LFC_BUDGET_WEBHOOK_URL: envSchemas.url().optional(),
  LFC_BUDGET_WEBHOOK_ATTEMPTS: envSchemas.positiveInt(5),
  LFC_BUDGET_WEBHOOK_BACKOFF_MS: envSchemas.positiveInt(1000),
  LFC_BUDGET_WEBHOOK_TIMEOUT_MS: envSchemas.positiveInt(5000),
});

export type CostAccountingConfig = z.infer<typeof costAccountingEnvSchema> & {
  /** The parsed content of LFC_MODEL_PRICES_FILE, read once at start. */
  priceOverrides: ModelPriceInput[];
};

export const loadCostAccountingConfig = (env: NodeJS.ProcessEnv = process.env): CostAccountingConfig => {
  const config = loadConfig(costAccountingEnvSchema, env);
  return { ...config, priceOverrides: loadPriceOverrides(config.LFC_MODEL_PRICES_FILE) };
};
