import { z } from 'zod';
import { RoleSchema } from './caller';
import { isoInstant } from './instant';
import { ScopesSchema } from './scopes';

/**
 * The public API of auth (ingress path /api/v1/auth): the requests it validates and the answers it
 * gives. The service validates with these schemas and the web console takes its types from them,
 * so the two cannot drift.
 */

const limit = z.number().int().nonnegative().nullable();

export const LoginSchema = z.object({
  email: z.email(),
  password: z.string().min(1).max(256),
  totpCode: z
    .string()
    .regex(/^\d{6}$/, 'must be 6 digits')
    .optional(),
  recoveryCode: z.string().min(1).max(64).optional(),
});

// Control, zero-width and direction-changing characters make one name look like another in lists.
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

export const RegisterSchema = z.object({
  // The column's width: a longer address would be refused by the database instead.
  email: z.email().max(255),
  password: z.string().min(1).max(256),
  username: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !INVISIBLE_OR_CONTROL.test(name), 'must not contain control or invisible characters')
    .optional(),
});

export const CreateUserSchema = RegisterSchema.extend({
  password: z.string().min(1).max(256).optional(),
  role: RoleSchema.default('user'),
});

export const UpdateUserSchema = z
  .object({ role: RoleSchema.optional(), isActive: z.boolean().optional() })
  .refine((value) => value.role !== undefined || value.isActive !== undefined, 'give role or isActive');

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().max(256).optional(),
  newPassword: z.string().min(1).max(256),
});

export const ConfirmTotpSchema = z.object({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });

export const CreateApiKeySchema = z.object({
  name: z.string().min(1).max(200),
  userId: z.uuid().optional(),
  role: RoleSchema.optional(),
  scopes: ScopesSchema.optional(),
  rateLimitPerMinute: limit.optional(),
  rateLimitPerHour: limit.optional(),
  allowedIps: z.array(z.string().max(64)).max(100).optional(),
  confirmDestructiveCalls: z.boolean().optional(),
  expiresAt: isoInstant().nullable().optional(),
});

export const UpdateApiKeySchema = z.object({
  name: z.string().min(1).max(200).optional(),
  scopes: ScopesSchema.optional(),
  rateLimitPerMinute: limit.optional(),
  rateLimitPerHour: limit.optional(),
  allowedIps: z.array(z.string().max(64)).max(100).optional(),
  confirmDestructiveCalls: z.boolean().optional(),
  expiresAt: isoInstant().nullable().optional(),
});

export const RotateApiKeySchema = z.object({
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .optional(),
});

/** The rotation body is optional: no body rotates with the configured grace period. */
export const RotateApiKeyBodySchema = z.preprocess((body) => body ?? {}, RotateApiKeySchema);

export const ListApiKeysQuerySchema = z.object({ userId: z.uuid().optional() });

export const KeyIdSchema = z.uuid('must be a key id (UUID)');

export const UserIdSchema = z.uuid('must be a user id (UUID)');

export const UserViewSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  username: z.string(),
  role: RoleSchema,
  isActive: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});

/** What listings show of a key: never the secret or its hash. */
export const ApiKeyViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  userId: z.uuid(),
  role: RoleSchema,
  scopes: z.array(z.string()),
  rateLimits: z.object({ perMinute: z.number().int().nullable(), perHour: z.number().int().nullable() }),
  allowedIps: z.array(z.string()),
  confirmDestructiveCalls: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  replacedBy: z.uuid().nullable(),
});

/** A created or rotated key: the secret is in this answer and nowhere else, ever. */
export const IssuedApiKeySchema = z.object({ key: z.string(), apiKey: ApiKeyViewSchema });

export const AccessTokenSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().positive(),
});

/** What the sign-in page may offer before anyone is signed in. */
export const SignInOptionsSchema = z.object({ selfRegistration: z.boolean() });

export const BrowserSessionSchema = AccessTokenSchema.extend({ user: UserViewSchema });

/** The one-time setup link's token: it sets the bootstrap admin's password, once, before it expires. */
export const SetupTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token of a setup link');
export const InspectSetupLinkSchema = z.object({ token: SetupTokenSchema });
export const SetupLinkInfoSchema = z.object({ email: z.string(), expiresAt: z.iso.datetime({ offset: true }) });
export const CompleteSetupSchema = z.object({ token: SetupTokenSchema, password: z.string().min(12).max(256) });

export const TotpEnrolmentSchema = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
/** Removing the second factor, or renewing its recovery codes, needs a current code or a recovery code. */
export const SecondFactorProofSchema = z
  .object({
    code: z
      .string()
      .regex(/^\d{6}$/, 'must be 6 digits')
      .optional(),
    recoveryCode: z.string().min(1).max(64).optional(),
  })
  .refine((value) => (value.code === undefined) !== (value.recoveryCode === undefined), 'give code or recoveryCode');

export type LoginInput = z.output<typeof LoginSchema>;
export type RegisterInput = z.output<typeof RegisterSchema>;
export type CreateUserInput = z.output<typeof CreateUserSchema>;
export type UpdateUserInput = z.output<typeof UpdateUserSchema>;
export type ChangePasswordInput = z.output<typeof ChangePasswordSchema>;
export type ConfirmTotpInput = z.output<typeof ConfirmTotpSchema>;
export type CreateApiKeyInput = z.output<typeof CreateApiKeySchema>;
export type UpdateApiKeyInput = z.output<typeof UpdateApiKeySchema>;
export type RotateApiKeyInput = z.output<typeof RotateApiKeySchema>;
export type ListApiKeysQuery = z.output<typeof ListApiKeysQuerySchema>;
export type UserView = z.infer<typeof UserViewSchema>;
export type ApiKeyView = z.infer<typeof ApiKeyViewSchema>;
export type IssuedApiKey = z.infer<typeof IssuedApiKeySchema>;
export type AccessToken = z.infer<typeof AccessTokenSchema>;
export type SignInOptions = z.infer<typeof SignInOptionsSchema>;
export type BrowserSession = z.infer<typeof BrowserSessionSchema>;
export type SetupLinkInfo = z.infer<typeof SetupLinkInfoSchema>;
export type InspectSetupLinkInput = z.output<typeof InspectSetupLinkSchema>;
export type CompleteSetupInput = z.output<typeof CompleteSetupSchema>;
export type TotpEnrolment = z.infer<typeof TotpEnrolmentSchema>;
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;
export type SecondFactorProofInput = z.output<typeof SecondFactorProofSchema>;
