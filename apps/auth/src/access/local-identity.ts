import { Injectable } from '@nestjs/common';
import { ApiKeyPrincipal, Jwks } from '@lfc/contracts';
import { ApiKeyVerifier, JwksSource } from '@lfc/identity';
import { SigningKeys } from '../jwt/signing-keys';
import { VerifyApiKeyUseCase } from '../keys/verify-api-key.use-case';

/** Inside auth, keys are checked against its own table, not over HTTP. */
@Injectable()
export class LocalApiKeyVerifier extends ApiKeyVerifier {
  constructor(private readonly verifyApiKey: VerifyApiKeyUseCase) {
    super();
  }

  verify(keyHash: string): Promise<ApiKeyPrincipal | null> {
    return this.verifyApiKey.execute(keyHash);
  }
}

@Injectable()
export class LocalJwksSource extends JwksSource {
  constructor(private readonly signingKeys: SigningKeys) {
    super();
  }

  fetch(): Promise<Jwks> {
    return this.signingKeys.jwks();
  }
}
