import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyAuthenticator, KEY_CACHE_TTL_MS } from './api-key-authenticator';
import { ApiKeyGuard } from './api-key.guard';

@Module({})
export class AuthnModule {
  static forRoot(options: { keyCacheTtlMs: number }): DynamicModule {
    return {
      module: AuthnModule,
      global: true,
      providers: [{ provide: KEY_CACHE_TTL_MS, useValue: options.keyCacheTtlMs }, ApiKeyAuthenticator, ApiKeyGuard],
      exports: [ApiKeyAuthenticator, ApiKeyGuard],
    };
  }
}
