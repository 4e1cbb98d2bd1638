// The API's request schemas live in @lfc/contracts (auth-api.ts), shared with the web console;
// what stays here is what only this service parses.
import { isoInstant } from '@lfc/contracts';
import { z } from 'zod';
import { decodeAuditCursor } from '../audit/audit-queries';

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

export type AuditQuery = z.output<typeof AuditQuerySchema>;
export type VerifyAuditQuery = z.output<typeof VerifyAuditQuerySchema>;
