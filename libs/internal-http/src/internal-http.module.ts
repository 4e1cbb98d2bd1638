import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ConfigValidationError, ModuleImports, ServicePublicKeys, isKeyPair } from '@lfc/common';
import { CALLER_CLAIM_ISSUER, ServiceName } from '@lfc/contracts';
import { DEPENDENCY_HEALTH_METRICS, DependencyHealthMetrics, ResilienceModule } from '@lfc/resilience';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { KeyObject } from 'node:crypto';
import type { Gauge, Histogram } from 'prom-client';
import { CallerClaimIssuer, CallerClaimVerifier } from './caller-claim';
import { InternalHttpMetrics, internalHttpMetricProviders } from './internal-http-client';
import { StatusController } from './status.controller';
import { ServiceTokenGuard } from './service-token.guard';
import { ServiceTokenIssuer, ServiceTokenVerifier } from './service-token';

/** The metrics every `InternalHttpClient` of the service updates; its factory passes them in. */
export const INTERNAL_HTTP_METRICS = Symbol('INTERNAL_HTTP_METRICS');

export interface InternalHttpOptions {
  service: ServiceName;
  /** LFC_SERVICE_PRIVATE_KEY: this service's own signing key. */
  privateKey: KeyObject;
  /** LFC_SERVICE_PUBLIC_KEYS: every service's verification key. */
  publicKeys: ServicePublicKeys;
  /** The service's ObservabilityModule: the status route reports its process figures. */
  imports: ModuleImports;
}

/** Service identity: the issuer for outgoing calls and the guard for incoming internal calls; the clients' metrics. */
@Module({})
export class InternalHttpModule {
  static forRoot(options: InternalHttpOptions): DynamicModule {
    const { service, privateKey, publicKeys } = options;
    // A service given another's key would sign tokens its callees check against the wrong key.
    if (!isKeyPair(privateKey, publicKeys[service])) {
      throw new ConfigValidationError(
        `Invalid configuration:\n  LFC_SERVICE_PRIVATE_KEY: is not the private half of the ${service} key in LFC_SERVICE_PUBLIC_KEYS (the key of another service, or an old one?)`,
      );
    }
    const providers: Provider[] = [
      { provide: ServiceTokenIssuer, useValue: new ServiceTokenIssuer(service, privateKey) },
      { provide: ServiceTokenVerifier, useValue: new ServiceTokenVerifier(service, publicKeys) },
      { provide: CallerClaimVerifier, useValue: new CallerClaimVerifier(publicKeys[CALLER_CLAIM_ISSUER]) },
      ServiceTokenGuard,
      {
        provide: INTERNAL_HTTP_METRICS,
        inject: [
          getToken('lfc_circuit_breaker_state'),
          getToken('lfc_internal_request_duration_seconds'),
          DEPENDENCY_HEALTH_METRICS,
        ],
        useFactory: (
          breakerState: Gauge<'target'>,
          callDuration: Histogram<'target' | 'outcome'>,
          health: DependencyHealthMetrics,
        ): InternalHttpMetrics => ({ breakerState, callDuration, health }),
      },
    ];
    // Only the gateway can sign caller claims: anywhere else, asking for the issuer fails at start.
    if (service === CALLER_CLAIM_ISSUER)
      providers.push({ provide: CallerClaimIssuer, useValue: new CallerClaimIssuer(privateKey) });
    return {
      module: InternalHttpModule,
      imports: [...options.imports, ResilienceModule],
      controllers: [StatusController],
      providers: [...internalHttpMetricProviders, ...providers],
      exports: providers,
    };
  }
}
