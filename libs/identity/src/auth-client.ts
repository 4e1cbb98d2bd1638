import { RequestContext } from '@lfc/common';
import {
  JWKS_PATH,
  Jwks,
  JwksSchema,
  TOKEN_CUTOFFS_PATH,
  TOUCH_API_KEYS_PATH,
  TokenCutoffsResponse,
  TokenCutoffsResponseSchema,
  VERIFY_API_KEY_PATH,
  VerifyApiKeyResponse,
  VerifyApiKeyResponseSchema,
} from '@lfc/contracts';
import { InternalHttpClient } from '@lfc/internal-http';
import { z } from 'zod';

export class AuthClient {
  constructor(private readonly http: InternalHttpClient) {}

  verifyApiKey(keyHash: string, context: RequestContext): Promise<VerifyApiKeyResponse> {
    return this.http.call({
      method: 'POST',
      path: VERIFY_API_KEY_PATH,
      body: { keyHash },
      response: VerifyApiKeyResponseSchema,
      context,
      idempotent: true,
      timeoutMs: 3000,
    });
  }

  jwks(): Promise<Jwks> {
    return this.http.call({ method: 'GET', path: JWKS_PATH, response: JwksSchema, idempotent: true, timeoutMs: 3000 });
  }

  tokenCutoffs(since: string | undefined): Promise<TokenCutoffsResponse> {
    const query = since === undefined ? '' : `?since=${encodeURIComponent(since)}`;
    return this.http.call({
      method: 'GET',
      path: `${TOKEN_CUTOFFS_PATH}${query}`,
      response: TokenCutoffsResponseSchema,
      idempotent: true,
      timeoutMs: 3000,
    });
  }

  async touchApiKeys(keyIds: string[], at: Date): Promise<void> {
    await this.http.call({
      method: 'POST',
      path: TOUCH_API_KEYS_PATH,
      body: { keyIds, at: at.toISOString() },
      response: z.undefined(),
      idempotent: true,
    });
  }
}
