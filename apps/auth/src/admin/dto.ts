import { RoleSchema, ScopesSchema, isoInstant } from '@lfc/contracts';
import { z } from 'zod';
import { decodeAuditCursor } from '../audit/audit-queries';

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

const AuditFilterSchema = z.object({
  keyId: z.uuid().optional().describe('the API key that made the change'),
  userId: z.uuid().optional().describe('the user who made the change'),
  action: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, 'must be an action name such as api_key.create')
    .optional()
    .describe('e.g. api_key.create, user.update'),
  resource: z
    .string()
    .regex(/^[\w.:-]{1,255}$/, 'must be a resource such as api_key:<id>')
    .optional()
    .describe('e.g. api_key:<id>, user:<id>'),
  from: isoInstant().optional().describe('ISO 8601 instant, inclusive'),
  to: isoInstant().optional().describe('ISO 8601 instant, exclusive'),
  cursor: z
    .string()
    .max(64)
    .optional()
    .describe('the nextCursor of the previous page')
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const seq = decodeAuditCursor(value);
      if (seq === undefined) context.addIssue({ code: 'custom', message: 'must be the nextCursor of a previous page' });
      return seq;
    }),
});

export const AuditQuerySchema = AuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const AuditExportQuerySchema = AuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});

export const VerifyAuditQuerySchema = z
  .object({
    fromSeq: z.coerce.number().int().min(1).default(1),
    toSeq: z.coerce.number().int().min(1).optional().describe('default: the last record'),
  })
  .refine((range) => range.toSeq === undefined || range.toSeq >= range.fromSeq, {
    error: 'must not be below fromSeq',
    path: ['toSeq'],
  });

export function dateOrNull(value: string | null | undefined): Date | null | undefined {
  return value === undefined ? undefined : value === null ? null : new Date(value);
}

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
export type AuditQuery = z.output<typeof AuditQuerySchema>;
export type VerifyAuditQuery = z.output<typeof VerifyAuditQuerySchema>;
