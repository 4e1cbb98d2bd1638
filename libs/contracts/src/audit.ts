import { z } from 'zod';

/**
 * The admin audit APIs' answers: the gateway's request trail (`/api/v1/audit`, one hash chain per
 * writer) and auth's trail of changes to users and keys (`/api/v1/auth/audit`, one chain). The
 * services' controllers return these types and the web console parses with these schemas.
 */

const DetailsSchema = z.record(z.string(), z.unknown());

export const RequestAuditRecordSchema = z.object({
  id: z.string(),
  /** The gateway replica that wrote the record; each one keeps its own chain. */
  writerId: z.string(),
  seq: z.number().int(),
  timestamp: z.iso.datetime({ offset: true }),
  keyId: z.string().nullable(),
  userId: z.string().nullable(),
  action: z.string(),
  resource: z.string().nullable(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  statusCode: z.number().int(),
  latencyMs: z.number(),
  requestId: z.string(),
  details: DetailsSchema,
  prevHash: z.string(),
  hash: z.string(),
});
export type RequestAuditRecord = z.infer<typeof RequestAuditRecordSchema>;

export const RequestAuditPageSchema = z.object({
  records: z.array(RequestAuditRecordSchema),
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type RequestAuditPage = z.infer<typeof RequestAuditPageSchema>;

/**
 * A gateway replica that has written request records, and the stretch of its chain still kept
 * (retention deletes the oldest records, so `firstSeq` rises over time). Records the table refused
 * and that were dead-lettered (ADR 006) count as the writer's.
 */
export const RequestAuditWriterSchema = z.object({
  writerId: z.string(),
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  /** When the writer's last record (`lastSeq`) was made. */
  lastAt: z.iso.datetime({ offset: true }),
});
export type RequestAuditWriter = z.infer<typeof RequestAuditWriterSchema>;

/** Every writer of the request audit, ordered by `writerId`: the chains a full check walks. */
export const RequestAuditWritersSchema = z.object({ writers: z.array(RequestAuditWriterSchema) });
export type RequestAuditWriters = z.infer<typeof RequestAuditWritersSchema>;

export const AuthAuditRecordSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  timestamp: z.iso.datetime({ offset: true }),
  userId: z.string().nullable(),
  keyId: z.string().nullable(),
  action: z.string(),
  resource: z.string().nullable(),
  ipAddress: z.string().nullable(),
  requestId: z.string().nullable(),
  details: DetailsSchema,
  prevHash: z.string(),
  hash: z.string(),
});
export type AuthAuditRecord = z.infer<typeof AuthAuditRecordSchema>;

export const AuthAuditPageSchema = z.object({
  records: z.array(AuthAuditRecordSchema),
  nextCursor: z.string().nullable(),
});
export type AuthAuditPage = z.infer<typeof AuthAuditPageSchema>;

export const CHAIN_BREAK_REASONS = ['missing record', 'link to previous record broken', 'record altered'] as const;

/** The outcome of walking a hash chain: how many records held, and the first one that did not. */
export const ChainVerificationSchema = z.object({
  ok: z.boolean(),
  /** Records that held before the first break (all of them when `ok`). */
  checked: z.number().int().nonnegative(),
  firstBreak: z
    .object({ seq: z.number().int(), id: z.string().optional(), reason: z.enum(CHAIN_BREAK_REASONS) })
    .nullable(),
});

export const RequestChainVerificationSchema = ChainVerificationSchema.extend({
  /** Present when some of the records checked are dead letters, not table rows. */
  deadLettered: z.number().int().nonnegative().optional(),
});
export type RequestChainVerification = z.infer<typeof RequestChainVerificationSchema>;

export const AuthChainVerificationSchema = ChainVerificationSchema.extend({
  /** The chain's last record when the check began; keep it elsewhere to notice a cut-off tail later. */
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
});
export type AuthChainVerification = z.infer<typeof AuthChainVerificationSchema>;
