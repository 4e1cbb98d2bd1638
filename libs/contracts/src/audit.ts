import { z } from 'zod';
import { isoInstant } from './instant';

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

/*
 * The audit APIs' queries as they arrive. `cursor` is opaque here: each service decodes its own
 * (`.extend({ cursor: ….transform(decode) })`), so a cursor of one trail is refused by the other.
 */

/** A seq range runs forward. */
const isForward = (range: { fromSeq: number; toSeq?: number | undefined }) =>
  range.toSeq === undefined || range.toSeq >= range.fromSeq;
const BACKWARD_RANGE = { error: 'must not be below fromSeq', path: ['toSeq'] };

export const RequestAuditQuerySchema = z.object({
  keyId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  from: isoInstant().optional().describe('ISO 8601 instant, inclusive'),
  to: isoInstant().optional().describe('ISO 8601 instant, exclusive'),
  cursor: z.string().max(200).optional().describe('the nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const RequestAuditExportQuerySchema = RequestAuditQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});
export const RequestAuditVerifyQuerySchema = z
  .object({
    writerId: z.string().min(1).max(64),
    fromSeq: z.coerce.number().int().min(1).default(1),
    toSeq: z.coerce.number().int().min(1).optional().describe('default: the last record'),
  })
  .refine(isForward, BACKWARD_RANGE);

export const AuthAuditQuerySchema = z.object({
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
  cursor: z.string().max(64).optional().describe('the nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const AuthAuditExportQuerySchema = AuthAuditQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});
export const AuthAuditVerifyQuerySchema = z
  .object({
    fromSeq: z.coerce.number().int().min(1).default(1),
    toSeq: z.coerce.number().int().min(1).optional().describe('default: the last record'),
  })
  .refine(isForward, BACKWARD_RANGE);
