import { RequestContext } from '@lfc/common';
import { VERIFY_API_KEY_PATH, VerifyApiKeyResponse, VerifyApiKeyResponseSchema } from '@lfc/contracts';
import { InternalHttpClient } from '@lfc/internal-http';

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
}
