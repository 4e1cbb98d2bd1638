import { API_KEY_PATTERN } from '@lfc/contracts';
import { baseServiceEnvSchema, envSchemas, loadConfig } from '@lfc/common';
import { z } from 'zod';

export const authEnvSchema = baseServiceEnvSchema.extend({
  PORT: envSchemas.port(8002),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  LFC_DB_POOL_SIZE: envSchemas.positiveInt(10),
  /** Applies pending migrations at start; production leaves this to the Helm migration job. */
  LFC_MIGRATE_ON_START: envSchemas.boolean(true),
  LFC_BOOTSTRAP_API_KEY: z.string().regex(API_KEY_PATTERN, 'must be lfc_ followed by 43 base64url characters').optional(),
  LFC_BOOTSTRAP_ADMIN_EMAIL: z.email().default('admin@langflow-connect.local'),
  /** Where a generated bootstrap key is written (mode 0600) when none is configured. */
  LFC_DATA_DIR: z.string().min(1).default('.data'),
});

export type AuthConfig = z.infer<typeof authEnvSchema>;

export const loadAuthConfig = (env: NodeJS.ProcessEnv = process.env): AuthConfig => loadConfig(authEnvSchema, env);
