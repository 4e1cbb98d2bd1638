import { z } from 'zod';
import { isoInstant } from './instant';

/**
 * Internal API of auth: the users whose access changed (deactivated, role changed, new password)
 * within one token lifetime, each with the token version their access tokens must carry now.
 */
export const TOKEN_CUTOFFS_PATH = '/internal/v1/users/token-cutoffs';
/** Channel on which auth announces a user's new token version, so every service refuses older tokens at once. */
export const USERS_CHANGED_CHANNEL = 'auth:users:changed';
/**
 * A cutoff is kept for one token lifetime after its change plus this: a login that read the user just
 * before the change signs its (refused) token a moment after it, so that token outlives the others.
 */
export const TOKEN_CUTOFF_GRACE_SECONDS = 300;

export const TokenCutoffSchema = z.object({
  userId: z.string(),
  /** Access tokens of this user whose `ver` claim is lower (or absent) are refused. */
  tokenVersion: z.number().int().positive(),
  /** When the access last changed (the version was raised). */
  changedAt: z.iso.datetime(),
});
export type TokenCutoff = z.infer<typeof TokenCutoffSchema>;

export const TokenCutoffsQuerySchema = z.object({
  /** Only cutoffs changed at or after this instant (the previous answer's `asOf`, less an overlap). */
  since: isoInstant().optional(),
});
export type TokenCutoffsQuery = z.infer<typeof TokenCutoffsQuerySchema>;

export const TokenCutoffsResponseSchema = z.object({
  cutoffs: z.array(TokenCutoffSchema),
  /** Auth's clock when it read the cutoffs. */
  asOf: z.iso.datetime(),
  /** How long auth's access tokens live: a cutoff older than that (plus the grace) has no token left to refuse. */
  tokenLifetimeSeconds: z.number().int().positive(),
});
export type TokenCutoffsResponse = z.infer<typeof TokenCutoffsResponseSchema>;

export const UsersChangedMessageSchema = TokenCutoffSchema;
export type UsersChangedMessage = z.infer<typeof UsersChangedMessageSchema>;
