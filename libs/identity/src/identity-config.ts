import { BaseServiceConfig, envSchemas } from '@lfc/common';
import { z } from 'zod';

/** Settings of every service that authenticates people or keys (auth, gateway, cost-accounting). */
export const identityEnvShape = {
  LFC_JWT_ISSUER: z.string().min(1).default('langflow-connect'),
  LFC_JWT_AUDIENCE: z.string().min(1).default('langflow-connect'),
  /** Public base URL (e.g. https://mcp.example.com), used in RFC 9728 metadata; the request's origin otherwise. */
  LFC_PUBLIC_URL: envSchemas.url().optional(),
  LFC_KEY_CACHE_TTL_MS: envSchemas.positiveInt(30_000),
  LFC_DEFAULT_RATE_LIMIT_PER_MINUTE: envSchemas.positiveInt(100),
  LFC_DEFAULT_RATE_LIMIT_PER_HOUR: envSchemas.positiveInt(1000),
  /** Unknown or malformed API keys one client address may present a minute (per replica) before it gets 429. */
  LFC_UNKNOWN_KEY_ATTEMPTS_PER_MINUTE: envSchemas.positiveInt(30),
};

export type IdentityConfig = z.infer<z.ZodObject<typeof identityEnvShape>> &
  Pick<BaseServiceConfig, 'LFC_TRUSTED_PROXIES'>;
