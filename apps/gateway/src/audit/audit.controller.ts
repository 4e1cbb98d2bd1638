import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ZodPipe, sendCsv } from '@lfc/common';
import { RequestAuditPage, RequestAuditWriters, RequestChainVerification, isoInstant } from '@lfc/contracts';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { GatewayAccessGuard } from '../access/access.guard';
import { AuditRecord } from './audit-record';
import { RequestAuditQueries, decodeAuditCursor } from './audit-queries';

const FilterSchema = z.object({
  keyId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  from: isoInstant().optional(),
  to: isoInstant().optional(),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z
    .string()
    .max(200)
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const position = decodeAuditCursor(value);
      if (!position) context.addIssue({ code: 'custom', message: 'must be the nextCursor of a previous page' });
      return position;
    }),
});

const PageSchema = FilterSchema.extend({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const ExportSchema = FilterSchema.extend({ limit: z.coerce.number().int().min(1).max(100_000).default(10_000) });

const VerifySchema = z
  .object({
    writerId: z.string().min(1).max(64),
    fromSeq: z.coerce.number().int().min(1).default(1),
    toSeq: z.coerce.number().int().min(1).optional(),
  })
  .refine((range) => range.toSeq === undefined || range.toSeq >= range.fromSeq, {
    error: 'must not be below fromSeq',
    path: ['toSeq'],
  });

const CSV_COLUMNS: (keyof AuditRecord)[] = [
  'timestamp',
  'id',
  'keyId',
  'userId',
  'action',
  'resource',
  'ipAddress',
  'userAgent',
  'statusCode',
  'latencyMs',
  'requestId',
];

/** Admin queries over the request audit: filter, page, export, list the writers, and verify their hash chains. */
@Controller('api/v1/audit')
@UseGuards(AuthenticatedGuard, GatewayAccessGuard)
@Roles('admin')
@RequiresScope('admin:audit')
export class AuditController {
  constructor(private readonly audit: RequestAuditQueries) {}

  @Get()
  list(
    @Query(new ZodPipe(PageSchema, 'query')) { cursor, limit, ...filter }: z.output<typeof PageSchema>,
  ): Promise<RequestAuditPage> {
    return this.audit.page({ ...filter, before: cursor }, limit);
  }

  @Get('export.csv')
  async export(
    @Query(new ZodPipe(ExportSchema, 'query')) { cursor, limit, ...filter }: z.output<typeof ExportSchema>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const records = await this.audit.find({ ...filter, before: cursor }, limit);
    await sendCsv(reply, 'audit.csv', CSV_COLUMNS, records);
  }

  /** Every gateway replica that wrote records still kept, with the stretch of its chain: what a full check verifies. */
  @Get('writers')
  writers(): Promise<RequestAuditWriters> {
    return this.audit.writers();
  }

  /** Walks one writer's chain and reports the first record whose hash or link does not hold. */
  @Get('verify')
  verify(
    @Query(new ZodPipe(VerifySchema, 'query')) { writerId, fromSeq, toSeq }: z.output<typeof VerifySchema>,
  ): Promise<RequestChainVerification> {
    return this.audit.verify(writerId, fromSeq, toSeq);
  }
}
