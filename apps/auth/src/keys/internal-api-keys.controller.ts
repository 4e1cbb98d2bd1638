import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ZodPipe } from '@lfc/common';
import {
  TOUCH_API_KEYS_PATH,
  TouchApiKeysRequest,
  TouchApiKeysRequestSchema,
  VERIFY_API_KEY_PATH,
  VerifyApiKeyRequest,
  VerifyApiKeyRequestSchema,
  VerifyApiKeyResponse,
} from '@lfc/contracts';
import { InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import { ApiKeysRepository } from './api-keys.repository';
import { VerifyApiKeyUseCase } from './verify-api-key.use-case';

@ApiExcludeController()
@Controller()
@UseGuards(ServiceTokenGuard)
export class InternalApiKeysController {
  constructor(
    private readonly verifyApiKey: VerifyApiKeyUseCase,
    private readonly keys: ApiKeysRepository,
  ) {}

  @Post(VERIFY_API_KEY_PATH)
  @InternalCallers('gateway', 'cost-accounting')
  @HttpCode(200)
  async verify(
    @Body(new ZodPipe(VerifyApiKeyRequestSchema)) { keyHash }: VerifyApiKeyRequest,
  ): Promise<VerifyApiKeyResponse> {
    const principal = await this.verifyApiKey.execute(keyHash);
    return principal ? { valid: true, principal } : { valid: false };
  }

  /** Batched `last_used` updates from the gateways. */
  @Post(TOUCH_API_KEYS_PATH)
  @InternalCallers('gateway')
  @HttpCode(204)
  async touch(@Body(new ZodPipe(TouchApiKeysRequestSchema)) { keyIds, at }: TouchApiKeysRequest): Promise<void> {
    await this.keys.touch(keyIds, new Date(at));
  }
}
