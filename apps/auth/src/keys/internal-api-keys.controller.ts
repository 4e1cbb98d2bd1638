import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { parseInput } from '@lfc/common';
import { VERIFY_API_KEY_PATH, VerifyApiKeyRequestSchema, VerifyApiKeyResponse } from '@lfc/contracts';
import { ServiceTokenGuard } from '@lfc/internal-http';
import { VerifyApiKeyUseCase } from './verify-api-key.use-case';

@Controller()
@UseGuards(ServiceTokenGuard)
export class InternalApiKeysController {
  constructor(private readonly verifyApiKey: VerifyApiKeyUseCase) {}

  @Post(VERIFY_API_KEY_PATH)
  @HttpCode(200)
  verify(@Body() body: unknown): Promise<VerifyApiKeyResponse> {
    return this.verifyApiKey.execute(parseInput(VerifyApiKeyRequestSchema, body).keyHash);
  }
}
