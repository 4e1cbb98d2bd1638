import { z } from 'zod';
import { RoleSchema } from './caller';

/** Internal API of auth, used by the gateway. The gateway sends only the SHA-256 of the key. */
export const VERIFY_API_KEY_PATH = '/internal/v1/api-keys/verify';
/** The gateway reports which keys it saw, in batches, so `last_used` is kept without a write per request. */
export const TOUCH_API_KEYS_PATH = '/internal/v1/api-keys/touch';
/** Channel on which auth announces revoked, rotated or changed keys, so every gateway drops them at once. */
export const API_KEYS_CHANGED_CHANNEL = 'auth:api-keys:changed';
/** Public signing keys of the JWTs auth issues. */
export const JWKS_PATH = '/.well-known/jwks.json';

export const API_KEY_PREFIX = 'lfc_';
/** `lfc_` + 32 random bytes in base64url (43 characters). */
export const API_KEY_PATTERN = /^lfc_[A-Za-z0-9_-]{43}$/;

export const VerifyApiKeyRequestSchema = z.object({
  keyHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256 digest'),
});
export type VerifyApiKeyRequest = z.infer<typeof VerifyApiKeyRequestSchema>;

export const RateLimitsSchema = z.object({
  /** Requests per minute; null means unlimited. */
  perMinute: z.number().int().nonnegative().nullable(),
  /** Requests per hour; null means unlimited. */
  perHour: z.number().int().nonnegative().nullable(),
});
export type RateLimits = z.infer<typeof RateLimitsSchema>;

export const ApiKeyPrincipalSchema = z.object({
  keyId: z.string(),
  keyPrefix: z.string(),
  userId: z.string(),
  role: RoleSchema,
  scopes: z.array(z.string()),
  rateLimits: RateLimitsSchema,
  /** CIDR blocks the key may be used from; empty means anywhere. */
  allowedIps: z.array(z.string()),
  /** Destructive tool calls wait for the person's confirmation (false from an auth that predates the setting). */
  confirmDestructiveCalls: z.boolean().default(false),
  /** When the key stops working (its own expiry, or the end of a rotation grace period). */
  expiresAt: z.iso.datetime().nullable(),
});
export type ApiKeyPrincipal = z.infer<typeof ApiKeyPrincipalSchema>;

export const VerifyApiKeyResponseSchema = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(false) }),
  z.object({ valid: z.literal(true), principal: ApiKeyPrincipalSchema }),
]);
export type VerifyApiKeyResponse = z.infer<typeof VerifyApiKeyResponseSchema>;

export const TouchApiKeysRequestSchema = z.object({
  keyIds: z.array(z.uuid()).max(10_000),
  at: z.iso.datetime(),
});
export type TouchApiKeysRequest = z.infer<typeof TouchApiKeysRequestSchema>;

export const ApiKeysChangedMessageSchema = z.object({ keyId: z.string(), keyHash: z.string() });
export type ApiKeysChangedMessage = z.infer<typeof ApiKeysChangedMessageSchema>;

export const JwksSchema = z.object({
  keys: z.array(z.looseObject({ kid: z.string(), kty: z.string(), alg: z.string().optional() })),
});
export type Jwks = z.infer<typeof JwksSchema>;
