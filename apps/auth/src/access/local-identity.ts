import { Injectable } from '@nestjs/common';
import { ApiKeyPrincipal, Jwks, TokenCutoffsResponse } from '@lfc/contracts';
import { ApiKeyVerifier, JwksSource, TokenCutoffSource } from '@lfc/identity';
import { SigningKeys } from '../jwt/signing-keys';
import { VerifyApiKeyUseCase } from '../keys/verify-api-key.use-case';
import { ListTokenCutoffsUseCase } from '../users/list-token-cutoffs.use-case';

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

/** Auth reads the token cutoffs from its own table; other replicas' changes arrive as announcements. */
@Injectable()
export class LocalTokenCutoffSource extends TokenCutoffSource {
  constructor(private readonly listTokenCutoffs: ListTokenCutoffsUseCase) {
    super();
  }

  load(since: string | undefined): Promise<TokenCutoffsResponse> {
    return this.listTokenCutoffs.execute(since === undefined ? undefined : new Date(since));
  }
}
