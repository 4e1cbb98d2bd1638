import { Injectable } from '@nestjs/common';
import { RequestContext } from '@lfc/common';
import { ApiKeyPrincipal, Jwks } from '@lfc/contracts';
import { ApiKeyVerifier, JwksSource } from '@lfc/identity';
import { AuthClient } from '../downstream/auth.client';

/** Keys are verified by auth, over its internal API. */
@Injectable()
export class RemoteApiKeyVerifier extends ApiKeyVerifier {
  constructor(private readonly auth: AuthClient) {
    super();
  }

  async verify(keyHash: string, context: RequestContext): Promise<ApiKeyPrincipal | null> {
    const answer = await this.auth.verifyApiKey(keyHash, context);
    return answer.valid ? answer.principal : null;
  }
}

@Injectable()
export class RemoteJwksSource extends JwksSource {
  constructor(private readonly auth: AuthClient) {
    super();
  }

  fetch(): Promise<Jwks> {
    return this.auth.jwks();
  }
}
