import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiQueryOf, ZodPipe, sendCsv } from '@lfc/common';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyReply } from 'fastify';
import { AuthAuditPage, AuthChainVerification } from '@lfc/contracts';
import { AUDIT_CSV_COLUMNS, AuditFilter, AuditQueries } from '../audit/audit-queries';
import { AuditExportQuerySchema, AuditQuery, AuditQuerySchema, VerifyAuditQuery, VerifyAuditQuerySchema } from './dto';

/** Admin view of auth's audit trail: every change to users, keys and signing keys, hash-chained. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/auth/audit')
@UseGuards(AuthenticatedGuard, AccessGuard)
@Roles('admin')
@RequiresScope('admin:audit')
export class AuditController {
  constructor(private readonly audit: AuditQueries) {}

  @Get()
  @ApiOperation({ summary: 'Audit records, newest first; follow nextCursor for the next page' })
  @ApiQueryOf(AuditQuerySchema)
  list(@Query(new ZodPipe(AuditQuerySchema, 'query')) query: AuditQuery): Promise<AuthAuditPage> {
    return this.audit.page(filterOf(query));
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The same records as CSV (with seq, details and hashes), newest first' })
  @ApiProduces('text/csv')
  @ApiQueryOf(AuditExportQuerySchema)
  async export(
    @Query(new ZodPipe(AuditExportQuerySchema, 'query')) query: AuditQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const rows = await this.audit.csvRows(filterOf(query));
    await sendCsv(reply, 'auth-audit.csv', AUDIT_CSV_COLUMNS, rows);
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Check the hash chain over a seq range; reports the first missing, relinked or altered record',
  })
  @ApiQueryOf(VerifyAuditQuerySchema)
  verify(
    @Query(new ZodPipe(VerifyAuditQuerySchema, 'query')) { fromSeq, toSeq }: VerifyAuditQuery,
  ): Promise<AuthChainVerification> {
    return this.audit.verify(fromSeq, toSeq);
  }
}

function filterOf({ cursor, ...rest }: AuditQuery): AuditFilter {
  return { ...rest, beforeSeq: cursor };
}
