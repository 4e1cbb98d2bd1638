import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JWKS_PATH, Jwks } from '@lfc/contracts';
import { SigningKeys } from './signing-keys';

@ApiTags('tokens')
@Controller()
export class JwksController {
  constructor(private readonly signingKeys: SigningKeys) {}

  /** Public signing keys, so any service can verify tokens without calling auth per request. */
  @Get(JWKS_PATH)
  @Header('cache-control', 'public, max-age=300')
  jwks(): Promise<Jwks> {
    return this.signingKeys.jwks();
  }
}
