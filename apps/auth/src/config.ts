import { API_KEY_PATTERN } from '@lfc/contracts';
import { baseServiceEnvSchema, envSchemas, loadConfig } from '@lfc/common';
import { accessEnvShape } from '@lfc/access';
import { identityEnvShape } from '@lfc/identity';
import { z } from 'zod';

const limitFromEnv = (fallback: number) =>
  z
    .union([z.literal('unlimited'), z.coerce.number().int().nonnegative()])
    .default(fallback)
    .transform((value) => (value === 'unlimited' ? null : value));

export const authEnvSchema = baseServiceEnvSchema.extend({
  ...identityEnvShape,
  ...accessEnvShape,
  PORT: envSchemas.port(8002),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  LFC_DB_POOL_SIZE: envSchemas.positiveInt(10),
  /** Applies pending migrations at start; production leaves this to the Helm migration job. */
  LFC_MIGRATE_ON_START: envSchemas.boolean(true),
  /** Without it, key changes reach gateways only when their cache entry expires. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  LFC_REDIS_PREFIX: z.string().default('lfc:'),
  LFC_BOOTSTRAP_API_KEY: z
    .string()
    .regex(API_KEY_PATTERN, 'must be lfc_ followed by 43 base64url characters')
    .optional(),
  LFC_BOOTSTRAP_ADMIN_EMAIL: z.email().default('admin@langflow-connect.local'),
  /** Limits of the bootstrap key: a number, or `unlimited`. */
  LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: limitFromEnv(100),
  LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: limitFromEnv(1000),
  /** Where a generated bootstrap key is written (mode 0600) when none is configured. */
  LFC_DATA_DIR: z.string().min(1).default('.data'),
  LFC_JWT_TTL_SECONDS: envSchemas.positiveInt(86_400),
  LFC_JWT_KEY_ROTATION_DAYS: envSchemas.positiveInt(30),
  LFC_SELF_REGISTRATION: envSchemas.boolean(false),
  /** How long a rotated key keeps working next to its replacement. */
  LFC_KEY_ROTATION_GRACE_SECONDS: z.coerce.number().int().min(0).default(3600),
  /** Active API keys one user may have. */
  LFC_MAX_KEYS_PER_USER: envSchemas.positiveInt(50),
  /** How recent a login must be (the token's auth_time) to set a password or a second factor. */
  LFC_FRESH_LOGIN_SECONDS: envSchemas.positiveInt(300),
  /** Failed logins are forgotten after this long without another. */
  LFC_LOGIN_FAILURE_WINDOW_SECONDS: envSchemas.positiveInt(900),
  /** Failures per account (and per client address) before each further one delays the next try, doubling from 1 s. */
  LFC_LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: envSchemas.positiveInt(5),
  LFC_LOGIN_FREE_ATTEMPTS_PER_IP: envSchemas.positiveInt(20),
  /** Failures after which the account (or the address) is locked out for LFC_LOGIN_LOCKOUT_SECONDS. */
  LFC_LOGIN_LOCKOUT_AFTER_PER_ACCOUNT: envSchemas.positiveInt(10),
  LFC_LOGIN_LOCKOUT_AFTER_PER_IP: envSchemas.positiveInt(100),
  LFC_LOGIN_MAX_DELAY_SECONDS: envSchemas.positiveInt(60),
  LFC_LOGIN_LOCKOUT_SECONDS: envSchemas.positiveInt(900),
  /** How long a setup link (the bootstrap admin's first password) stays usable: 1 min to 7 days. */
  LFC_SETUP_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(86_400),
  /**
   * A browser session ends after this long without a refresh (the refresh cookie's Max-Age): 1 min
   * to 400 days, the longest a browser keeps a cookie.
   */
  LFC_REFRESH_TTL_SECONDS: z.coerce.number().int().min(60).max(34_560_000).default(604_800),
});

export type AuthConfig = z.infer<typeof authEnvSchema>;

export const loadAuthConfig = (env: NodeJS.ProcessEnv = process.env): AuthConfig => loadConfig(authEnvSchema, env);
