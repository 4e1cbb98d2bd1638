import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientAddressResolver, ZodPipe, openApi } from '@lfc/common';
import {
  BrowserSession,
  BrowserSessionSchema,
  CompleteSetupInput,
  CompleteSetupSchema,
  InspectSetupLinkInput,
  InspectSetupLinkSchema,
  SetupLinkInfo,
  SetupLinkInfoSchema,
} from '@lfc/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CompleteSetupUseCase, InspectSetupLinkUseCase } from '../setup/setup-link.use-cases';
import { clientOfRequest } from './admin-context';
import { RefreshCookies } from './refresh-cookie';

/**
 * The page behind a one-time setup link (`/console/setup#token=…`, issued by `lfc setup-link` or at
 * the first start): attempts are throttled per client address with the logins.
 */
@ApiTags('setup')
@Controller('api/v1/auth/setup')
export class SetupController {
  constructor(
    private readonly inspectLink: InspectSetupLinkUseCase,
    private readonly completeSetup: CompleteSetupUseCase,
    private readonly cookies: RefreshCookies,
    private readonly addresses: ClientAddressResolver,
  ) {}

  @Post('inspect')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Whose password a setup link sets, and until when; 410 setup_link_invalid when unknown, used or expired',
  })
  @ApiBody({ schema: openApi(InspectSetupLinkSchema) })
  @ApiOkResponse({ schema: openApi(SetupLinkInfoSchema) })
  inspect(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(InspectSetupLinkSchema)) { token }: InspectSetupLinkInput,
  ): Promise<SetupLinkInfo> {
    return this.inspectLink.execute(token, clientOfRequest(request, this.addresses));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Set the password through a setup link (once) and sign in as a browser session; 410 setup_link_invalid when unknown, used or expired',
  })
  @ApiBody({ schema: openApi(CompleteSetupSchema) })
  @ApiOkResponse({ schema: openApi(BrowserSessionSchema) })
  async complete(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body(new ZodPipe(CompleteSetupSchema)) command: CompleteSetupInput,
  ): Promise<BrowserSession> {
    const issued = await this.completeSetup.execute(command, clientOfRequest(request, this.addresses));
    return this.cookies.handOver(request, reply, issued);
  }
}
