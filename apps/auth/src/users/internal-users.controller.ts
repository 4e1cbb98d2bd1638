import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ZodPipe } from '@lfc/common';
import { TOKEN_CUTOFFS_PATH, TokenCutoffsQuery, TokenCutoffsQuerySchema, TokenCutoffsResponse } from '@lfc/contracts';
import { InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import { ListTokenCutoffsUseCase } from './list-token-cutoffs.use-case';

@ApiExcludeController()
@Controller()
@UseGuards(ServiceTokenGuard)
@InternalCallers('gateway', 'cost-accounting')
export class InternalUsersController {
  constructor(private readonly listTokenCutoffs: ListTokenCutoffsUseCase) {}

  /** Loaded by every service at start and every 30 s, beside the announcements on `auth:users:changed`. */
  @Get(TOKEN_CUTOFFS_PATH)
  cutoffs(
    @Query(new ZodPipe(TokenCutoffsQuerySchema, 'query')) { since }: TokenCutoffsQuery,
  ): Promise<TokenCutoffsResponse> {
    return this.listTokenCutoffs.execute(since === undefined ? undefined : new Date(since));
  }
}
