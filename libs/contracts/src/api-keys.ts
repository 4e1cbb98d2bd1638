import { z } from 'zod';
import { RoleSchema } from './caller';

/** Internal API of auth, used by the gateway. The gateway sends only the SHA-256 of the key. */
export const VERIFY_API_KEY_PATH = '/internal/v1/api-keys/verify';

export const API_KEY_PREFIX = 'lfc_';
/** `lfc_` + 32 random bytes in base64url (43 characters). */
export const API_KEY_PATTERN = /^lfc_[A-Za-z0-9_-]{43}$/;

export const VerifyApiKeyRequestSchema = z.object({
  keyHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256 digest'),
});
export type VerifyApiKeyRequest = z.infer<typeof VerifyApiKeyRequestSchema>;

export const ApiKeyPrincipalSchema = z.object({
  keyId: z.string(),
  keyPrefix: z.string(),
  userId: z.string(),
  role: RoleSchema,
  scopes: z.array(z.string()),
});
export type ApiKeyPrincipal = z.infer<typeof ApiKeyPrincipalSchema>;

export const VerifyApiKeyResponseSchema = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(false) }),
  z.object({ valid: z.literal(true), principal: ApiKeyPrincipalSchema }),
]);
export type VerifyApiKeyResponse = z.infer<typeof VerifyApiKeyResponseSchema>;
