import { DynamicModule, Module } from '@nestjs/common';
import { ServiceName } from '@lfc/contracts';
import { StatusController } from './status.controller';
import { ServiceTokenGuard } from './service-token.guard';
import { ServiceTokenIssuer, ServiceTokenVerifier } from './service-token';

export interface InternalHttpOptions {
  service: ServiceName;
  secret: string;
}

/** Service identity: the issuer for outgoing calls and the guard for incoming internal calls. */
@Module({})
export class InternalHttpModule {
  static forRoot(options: InternalHttpOptions): DynamicModule {
    return {
      module: InternalHttpModule,
      global: true,
      controllers: [StatusController],
      providers: [
        { provide: ServiceTokenIssuer, useValue: new ServiceTokenIssuer(options.secret, options.service) },
        { provide: ServiceTokenVerifier, useValue: new ServiceTokenVerifier(options.secret, options.service) },
        ServiceTokenGuard,
      ],
      exports: [ServiceTokenIssuer, ServiceTokenVerifier, ServiceTokenGuard],
    };
  }
}
