import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { APP_LOGGER, AppLogger, RequestContext } from '@lfc/common';
import { ApiKeyPrincipal, Jwks, TokenCutoffsResponse } from '@lfc/contracts';
import { INTERNAL_HTTP_METRICS, InternalHttpClient, InternalHttpMetrics, ServiceTokenIssuer } from '@lfc/internal-http';
import { ApiKeyVerifier } from './api-key-authenticator';
import { AuthClient } from './auth-client';
import { JwksSource } from './jwks-key-store';
import { TokenCutoffSource } from './token-cutoffs';

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

@Injectable()
export class RemoteTokenCutoffSource extends TokenCutoffSource {
  constructor(private readonly auth: AuthClient) {
    super();
  }

  load(since: string | undefined): Promise<TokenCutoffsResponse> {
    return this.auth.tokenCutoffs(since);
  }
}

const AUTH_HTTP = Symbol('AUTH_HTTP');

class CloseAuthPool implements OnApplicationShutdown {
  constructor(@Inject(AUTH_HTTP) private readonly http: InternalHttpClient) {}
  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
  }
}

/** The bindings of every service other than auth: keys, signing keys and token cutoffs come from auth's API. */
export function remoteIdentityProviders(authUrl: string): Provider[] {
  return [
    {
      provide: AUTH_HTTP,
      inject: [ServiceTokenIssuer, APP_LOGGER, INTERNAL_HTTP_METRICS],
      useFactory: (tokens: ServiceTokenIssuer, logger: AppLogger, metrics: InternalHttpMetrics) =>
        new InternalHttpClient('auth', authUrl, tokens, logger, metrics),
    },
    { provide: AuthClient, inject: [AUTH_HTTP], useFactory: (http: InternalHttpClient) => new AuthClient(http) },
    { provide: ApiKeyVerifier, useClass: RemoteApiKeyVerifier },
    { provide: JwksSource, useClass: RemoteJwksSource },
    { provide: TokenCutoffSource, useClass: RemoteTokenCutoffSource },
    CloseAuthPool,
  ];
}
