import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientAddressResolver, ZodPipe, openApi } from '@lfc/common';
import {
  BROWSER_SESSION_PATH,
  BrowserSession,
  BrowserSessionSchema,
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  LoginInput,
  LoginSchema,
  REFRESH_COOKIE,
  SignInOptions,
  SignInOptionsSchema,
} from '@lfc/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  EndBrowserSessionUseCase,
  RefreshBrowserSessionUseCase,
  StartBrowserSessionUseCase,
} from '../sessions/browser-session.use-cases';
import { SignInOptionsUseCase } from '../users/sign-in-options.use-case';
import { clientOfRequest } from './admin-context';
import { CsrfHeaderGuard } from './csrf-header.guard';
import { RefreshCookies } from './refresh-cookie';

const CSRF = {
  name: CSRF_HEADER,
  required: true,
  description: `must be ${CSRF_HEADER_VALUE}`,
  schema: { enum: [CSRF_HEADER_VALUE] },
};

/**
 * The web console's sign-in: an access token in the answer (the page keeps it in memory) and a
 * refresh token in an HttpOnly cookie scoped to `/api/v1/auth/session`. `POST /api/v1/auth/login`
 * stays as it is for scripts.
 */
@ApiTags('browser-session')
@Controller('api/v1/auth')
export class BrowserSessionController {
  constructor(
    private readonly startSession: StartBrowserSessionUseCase,
    private readonly refreshSession: RefreshBrowserSessionUseCase,
    private readonly endSession: EndBrowserSessionUseCase,
    private readonly signInOptions: SignInOptionsUseCase,
    private readonly cookies: RefreshCookies,
    private readonly addresses: ClientAddressResolver,
  ) {}

  @Get('sign-in-options')
  @ApiOperation({ summary: 'What the sign-in page may offer (self-registration), without signing in' })
  @ApiOkResponse({ schema: openApi(SignInOptionsSchema) })
  options(): SignInOptions {
    return this.signInOptions.execute();
  }

  @Post('session')
  @HttpCode(200)
  @ApiOperation({
    summary: `Sign in from a browser: the login's body and checks (throttled alike); answers an access token and sets the ${REFRESH_COOKIE} cookie (HttpOnly, SameSite=Strict, Path=${BROWSER_SESSION_PATH})`,
  })
  @ApiBody({ schema: openApi(LoginSchema) })
  @ApiOkResponse({ schema: openApi(BrowserSessionSchema) })
  async signIn(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body(new ZodPipe(LoginSchema)) credentials: LoginInput,
  ): Promise<BrowserSession> {
    const issued = await this.startSession.execute(credentials, clientOfRequest(request, this.addresses));
    return this.cookies.handOver(request, reply, issued);
  }

  @Post('session/refresh')
  @HttpCode(200)
  @UseGuards(CsrfHeaderGuard)
  @ApiOperation({
    summary: `A new access token for the ${REFRESH_COOKIE} cookie, which is replaced (each works once; presenting a replaced one ends the session everywhere); the sign-in's auth_time is kept`,
  })
  @ApiHeader(CSRF)
  @ApiOkResponse({ schema: openApi(BrowserSessionSchema) })
  async refresh(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BrowserSession> {
    const issued = await this.refreshSession.execute(
      this.cookies.tokenOf(request),
      clientOfRequest(request, this.addresses),
    );
    return this.cookies.handOver(request, reply, issued);
  }

  @Delete('session')
  @HttpCode(204)
  @UseGuards(CsrfHeaderGuard)
  @ApiOperation({ summary: `Sign out: the ${REFRESH_COOKIE} cookie's session is revoked and the cookie cleared` })
  @ApiHeader(CSRF)
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.endSession.execute(this.cookies.tokenOf(request));
    void reply.header('set-cookie', this.cookies.cleared(request));
  }
}
