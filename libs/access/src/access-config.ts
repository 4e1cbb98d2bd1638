import { envSchemas } from '@lfc/common';
import { z } from 'zod';

/** Settings of every service that enforces rate limits on its public routes (gateway, auth, cost-accounting). */
export const accessEnvShape = {
  /** Replicas sharing the limits (of this service); while Redis is away each allows limit ÷ this. */
  LFC_RATE_LIMIT_EXPECTED_REPLICAS: envSchemas.positiveInt(1),
  /** How long a rate-limit decision waits for Redis before it is made locally. The default leaves room
   * within the 50 ms in which a call is answered when Redis accepts connections and never answers;
   * a larger value trades that bound for fewer local decisions on a slow Redis. */
  LFC_RATE_LIMIT_REDIS_DEADLINE_MS: z.coerce.number().int().min(1).max(1000).default(25),
};

export type AccessConfig = z.infer<z.ZodObject<typeof accessEnvShape>>;
