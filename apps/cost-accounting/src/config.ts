import { baseServiceEnvSchema, envSchemas, loadConfig } from '@lfc/common';
import type { ModelPriceInput } from '@lfc/contracts';
import { accessEnvShape } from '@lfc/access';
import { identityEnvShape } from '@lfc/identity';
import { z } from 'zod';
import { loadPriceOverrides } from './prices/price-overrides';

export const costAccountingEnvSchema = baseServiceEnvSchema.extend({
  ...identityEnvShape,
  ...accessEnvShape,
  PORT: envSchemas.port(8003),
  /** Where API keys and the token signing keys are verified for the report endpoints. */
  LFC_AUTH_URL: envSchemas.url().default('http://127.0.0.1:8002'),
  /** So revoked keys stop working on the reports at once; the key cache TTL applies without it. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  LFC_REDIS_PREFIX: z.string().default('lfc:'),
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
