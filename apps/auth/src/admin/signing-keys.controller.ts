import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ClientAddressResolver } from '@lfc/common';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { RotateSigningKeyUseCase } from '../jwt/rotate-signing-key.use-case';
import { actorOfRequest } from './admin-context';

@ApiTags('tokens')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/auth/signing-keys')
@UseGuards(AuthenticatedGuard, AccessGuard)
@Roles('admin')
// A signing key is a credential the whole suite trusts, like an API key: managing credentials is admin:keys.
@RequiresScope('admin:keys')
export class SigningKeysController {
  constructor(
    private readonly rotateSigningKey: RotateSigningKeyUseCase,
    private readonly addresses: ClientAddressResolver,
  ) {}

  /** Starts signing with a new key now; tokens signed by the old one stay valid until they expire. */
  @Post('rotate')
  @HttpCode(200)
  rotate(@Req() request: FastifyRequest): Promise<{ kid: string }> {
    return this.rotateSigningKey.execute(actorOfRequest(request, this.addresses));
  }
}
