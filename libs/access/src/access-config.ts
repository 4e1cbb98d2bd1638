import { envSchemas } from '@lfc/common';
import { z } from 'zod';

/** Settings of every service that enforces rate limits on its public routes (gateway, auth, cost-accounting). */
export const accessEnvShape = {
  /** Replicas sharing the limits (of this service); while Redis is away each allows limit ÷ this. */
  LFC_RATE_LIMIT_EXPECTED_REPLICAS: envSchemas.positiveInt(1),
  /**
   * How long a rate-limit decision waits for Redis before Redis counts as unreachable. A slow Redis
   * that answers within it still decides, so counts stay exact across replicas; one that does not
   * hands every decision to the local limit until a ping answers again.
   */
  LFC_RATE_LIMIT_REDIS_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
};

export type AccessConfig = z.infer<z.ZodObject<typeof accessEnvShape>>;
