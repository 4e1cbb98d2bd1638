import { Body, Controller, Delete, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ClientAddressResolver, ZodPipe, openApi } from '@lfc/common';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, principalOf } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { ChangePasswordUseCase } from '../users/change-password.use-case';
import { CreateUserUseCase } from '../users/create-user.use-case';
import { LoginUseCase } from '../users/login.use-case';
import {
  ConfirmTotpUseCase,
  EnrolTotpUseCase,
  RegenerateRecoveryCodesUseCase,
  RemoveTotpUseCase,
} from '../users/totp.use-cases';
import { UserView, userViewOf } from '../users/user.view';
import { UsersRepository } from '../users/users.repository';
import { actorOfRequest, clientOfRequest } from './admin-context';
import {
  ChangePasswordInput,
  ChangePasswordSchema,
  ConfirmTotpInput,
  ConfirmTotpSchema,
  LoginInput,
  LoginSchema,
  RecoveryCodes,
  RecoveryCodesSchema,
  RegisterInput,
  RegisterSchema,
  SecondFactorProofInput,
  SecondFactorProofSchema,
} from '@lfc/contracts';

@ApiTags('session')
@Controller('api/v1/auth')
export class SessionController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly createUser: CreateUserUseCase,
    private readonly changePassword: ChangePasswordUseCase,
    private readonly enrolTotp: EnrolTotpUseCase,
    private readonly confirmTotp: ConfirmTotpUseCase,
    private readonly removeTotp: RemoveTotpUseCase,
    private readonly regenerateRecoveryCodes: RegenerateRecoveryCodesUseCase,
    private readonly users: UsersRepository,
    private readonly addresses: ClientAddressResolver,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Exchange email and password (and a one-time code when enrolled) for an access token; repeated failures are throttled (429, Retry-After)',
  })
  @ApiBody({ schema: openApi(LoginSchema) })
  signIn(@Req() request: FastifyRequest, @Body(new ZodPipe(LoginSchema)) credentials: LoginInput) {
    return this.login.execute(credentials, clientOfRequest(request, this.addresses));
  }

  @Post('register')
  @ApiOperation({ summary: 'Self-service registration (role user), when enabled by LFC_SELF_REGISTRATION' })
  @ApiBody({ schema: openApi(RegisterSchema) })
  register(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(RegisterSchema)) registration: RegisterInput,
  ): Promise<UserView> {
    return this.createUser.execute(null, { ...registration, role: 'user' }, clientOfRequest(request, this.addresses));
  }

  @Get('me')
  @UseGuards(AuthenticatedGuard, AccessGuard)
  @ApiBearerAuth()
  @ApiSecurity('api-key')
  async me(@Req() request: FastifyRequest) {
    const principal = principalOf(request);
    const user = await this.users.findById(principal.userId);
    return {
      user: user ? userViewOf(user) : null,
      via: principal.via,
      keyId: principal.keyId,
      scopes: principal.scopes,
    };
  }

  @Post('me/password')
  @HttpCode(204)
  @UseGuards(AuthenticatedGuard, AccessGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Set a new password; needs a fresh login (an access token, not an API key)' })
  @ApiBody({ schema: openApi(ChangePasswordSchema) })
  async password(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(ChangePasswordSchema)) change: ChangePasswordInput,
  ): Promise<void> {
    await this.changePassword.execute(actorOfRequest(request, this.addresses), change);
  }

  @Post('me/totp')
  @UseGuards(AuthenticatedGuard, AccessGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start enrolling a TOTP second factor; needs a fresh login (an access token, not an API key)',
  })
  enrol(@Req() request: FastifyRequest) {
    return this.enrolTotp.execute(actorOfRequest(request, this.addresses));
  }

  @Post('me/totp/confirm')
  @HttpCode(200)
  @UseGuards(AuthenticatedGuard, AccessGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Confirm the second factor with a code; returns recovery codes once; needs a fresh login' })
  @ApiBody({ schema: openApi(ConfirmTotpSchema) })
  confirm(@Req() request: FastifyRequest, @Body(new ZodPipe(ConfirmTotpSchema)) { code }: ConfirmTotpInput) {
    return this.confirmTotp.execute(actorOfRequest(request, this.addresses), code);
  }

  @Delete('me/totp')
  @HttpCode(204)
  @UseGuards(AuthenticatedGuard, AccessGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Remove the second factor with a current code or a recovery code; needs a fresh login (an access token)',
  })
  @ApiBody({ schema: openApi(SecondFactorProofSchema) })
  async unenrol(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(SecondFactorProofSchema)) proof: SecondFactorProofInput,
  ): Promise<void> {
    await this.removeTotp.execute(actorOfRequest(request, this.addresses), proof);
  }

  @Post('me/recovery-codes')
  @HttpCode(200)
  @UseGuards(AuthenticatedGuard, AccessGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'New recovery codes, shown once; the previous ones stop working; needs a current code or a recovery code and a fresh login (an access token)',
  })
  @ApiBody({ schema: openApi(SecondFactorProofSchema) })
  @ApiOkResponse({ schema: openApi(RecoveryCodesSchema) })
  recoveryCodes(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(SecondFactorProofSchema)) proof: SecondFactorProofInput,
  ): Promise<RecoveryCodes> {
    return this.regenerateRecoveryCodes.execute(actorOfRequest(request, this.addresses), proof);
  }
}
