import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ZodPipe, sendCsv } from '@lfc/common';
import {
  RequestAuditExportQuerySchema,
  RequestAuditPage,
  RequestAuditQuerySchema,
  RequestAuditVerifyQuerySchema,
  RequestAuditWriters,
  RequestChainVerification,
} from '@lfc/contracts';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { GatewayAccessGuard } from '../access/access.guard';
import { AuditRecord } from './audit-record';
import { RequestAuditQueries, decodeAuditCursor } from './audit-queries';

/** The query's opaque cursor, decoded to a position in the trail. */
const cursor = RequestAuditQuerySchema.shape.cursor.transform((value, context) => {
  if (value === undefined) return undefined;
  const position = decodeAuditCursor(value);
  if (!position) context.addIssue({ code: 'custom', message: 'must be the nextCursor of a previous page' });
  return position;
});

const PageSchema = RequestAuditQuerySchema.extend({ cursor });
const ExportSchema = RequestAuditExportQuerySchema.extend({ cursor });
const VerifySchema = RequestAuditVerifyQuerySchema;

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
