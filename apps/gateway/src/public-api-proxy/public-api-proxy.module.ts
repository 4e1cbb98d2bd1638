import { DynamicModule, Module } from '@nestjs/common';
import { PUBLIC_API_PROXY_OPTIONS, PublicApiProxy, PublicApiProxyOptions } from './public-api-proxy';

/** The public APIs of auth and cost-accounting on the gateway's origin (`LFC_PUBLIC_API_PROXY`). */
@Module({})
export class PublicApiProxyModule {
  static forRoot(options: PublicApiProxyOptions): DynamicModule {
    return {
      module: PublicApiProxyModule,
      providers: [{ provide: PUBLIC_API_PROXY_OPTIONS, useValue: options }, PublicApiProxy],
    };
  }
}
