import { z } from 'zod';

export const ROLES = ['admin', 'developer', 'user'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/**
 * Who is calling, as the gateway established it; travels in the gateway-signed caller claim
 * (`CALLER_CLAIM_HEADER`) of every internal call made for them, never in a body.
 */
export const CallerContextSchema = z.object({
  /** The API key used, or null for a person signed in with a JWT. */
  keyId: z.string().min(1).nullable(),
  userId: z.string().min(1),
  role: RoleSchema,
  /** Isolation boundary for data (file prefixes, cache keys, usage). */
  tenant: z.string().min(1),
  /** The key wants destructive tool calls confirmed by the person (absent: it does not). */
  confirmDestructiveCalls: z.boolean().optional(),
});
export type CallerContext = z.infer<typeof CallerContextSchema>;
