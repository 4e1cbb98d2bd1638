import { z } from 'zod';
import { RoleSchema } from './caller';

/** Claims of the access tokens auth issues (RS256, `kid` in the header). */
export const AccessTokenClaimsSchema = z.object({
  sub: z.string(),
  role: RoleSchema,
  email: z.string(),
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  iat: z.number(),
  /**
   * The user's token version at login; auth raises it when their access changes, and services refuse
   * tokens with a lower one. Absent on tokens issued before versions existed (read as 0).
   */
  ver: z.number().int().nonnegative().optional(),
  /**
   * When the person proved who they are (epoch seconds, OpenID Connect's claim). Steps that need a
   * fresh login (a new password, a second factor) compare it with now. Absent on older tokens.
   */
  auth_time: z.number().int().nonnegative().optional(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaimsSchema>;

export const JWT_ALGORITHM = 'RS256';
