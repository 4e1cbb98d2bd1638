import { RoleSchema } from '@lfc/contracts';
import { z } from 'zod';

const limit = z.number().int().nonnegative().nullable();

export const LoginSchema = z.object({
  email: z.email(),
  password: z.string().min(1).max(256),
  totpCode: z.string().regex(/^\d{6}$/, 'must be 6 digits').optional(),
  recoveryCode: z.string().min(1).max(64).optional(),
});

export const RegisterSchema = z.object({
  email: z.email(),
  password: z.string().min(1).max(256),
  username: z.string().min(1).max(255).optional(),
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

const scopes = z.array(z.string().min(1).max(100).regex(/^[\w*?.:-]+$/, 'must be a glob of tool names')).min(1).max(100);

export const CreateApiKeySchema = z.object({
  name: z.string().min(1).max(200),
  userId: z.uuid().optional(),
  role: RoleSchema.optional(),
  scopes: scopes.optional(),
  rateLimitPerMinute: limit.optional(),
  rateLimitPerHour: limit.optional(),
  allowedIps: z.array(z.string().max(64)).max(100).optional(),
  expiresAt: z.iso.datetime().nullable().optional(),
});

export const UpdateApiKeySchema = z.object({
  name: z.string().min(1).max(200).optional(),
  scopes: scopes.optional(),
  rateLimitPerMinute: limit.optional(),
  rateLimitPerHour: limit.optional(),
  allowedIps: z.array(z.string().max(64)).max(100).optional(),
  expiresAt: z.iso.datetime().nullable().optional(),
});

export const RotateApiKeySchema = z.object({
  graceSeconds: z.number().int().min(0).max(30 * 86_400).optional(),
});

export const ListApiKeysQuerySchema = z.object({ userId: z.uuid().optional() });

export const KeyIdSchema = z.uuid('must be a key id (UUID)');

/** OpenAPI schema of a body, from the same zod schema that validates it. */
export function openApi(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
  return rest;
}

export function dateOrNull(value: string | null | undefined): Date | null | undefined {
  return value === undefined ? undefined : value === null ? null : new Date(value);
}
