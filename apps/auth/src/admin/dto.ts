// The API's request schemas live in @lfc/contracts (auth-api.ts), shared with the web console;
// what stays here is what only this service parses.
import { AuthAuditExportQuerySchema, AuthAuditQuerySchema, AuthAuditVerifyQuerySchema } from '@lfc/contracts';
import { z } from 'zod';
import { decodeAuditCursor } from '../audit/audit-queries';

/** The query's opaque cursor, decoded to a seq of the trail. */
const cursor = AuthAuditQuerySchema.shape.cursor.transform((value, context) => {
  if (value === undefined) return undefined;
  const seq = decodeAuditCursor(value);
  if (seq === undefined) context.addIssue({ code: 'custom', message: 'must be the nextCursor of a previous page' });
  return seq;
});

export const AuditQuerySchema = AuthAuditQuerySchema.extend({ cursor });
export const AuditExportQuerySchema = AuthAuditExportQuerySchema.extend({ cursor });
export const VerifyAuditQuerySchema = AuthAuditVerifyQuerySchema;

export function dateOrNull(value: string | null | undefined): Date | null | undefined {
  return value === undefined ? undefined : value === null ? null : new Date(value);
}

export type AuditQuery = z.output<typeof AuditQuerySchema>;
export type VerifyAuditQuery = z.output<typeof VerifyAuditQuerySchema>;
