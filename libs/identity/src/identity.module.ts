import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_LOGGER, AppLogger, ClientAddressResolver, ModuleImports } from '@lfc/common';
import { KeyValueStore } from '@lfc/kv';
import { DEPENDENCY_HEALTH_METRICS, DependencyHealthMetrics, ResilienceModule } from '@lfc/resilience';
import { ApiKeyAuthenticator, ApiKeyVerifier } from './api-key-authenticator';
import { AuthenticatedGuard, PUBLIC_BASE_URL, authFailuresProvider } from './authenticated.guard';
import { JwksKeyStore, JwksSource } from './jwks-key-store';
import { JwtPrincipalDefaults, JwtStrategy } from './jwt.strategy';
import { TokenCutoffSource, TokenCutoffs } from './token-cutoffs';
import { UnknownKeyThrottle } from './unknown-key-throttle';
import type { RateLimits } from '@lfc/contracts';
import type { IdentityConfig } from './identity-config';

export interface IdentityOptions {
  /** Binds ApiKeyVerifier, JwksSource and TokenCutoffSource (remote clients in the gateway, local use cases in auth). */
  providers: Provider[];
  /** The service's KvModule and the modules the bound providers inject from. */
  imports: ModuleImports;
  issuer: string;
  audience: string;
  keyCacheTtlMs: number;
  jwtRateLimits: RateLimits;
  publicBaseUrl: string | undefined;
  /** Proxies whose X-Forwarded-For is believed, for the client address refused keys are counted against. */
  trustedProxies: string[];
  unknownKeyAttemptsPerMinute: number;
}

/** Known keys cached per replica; refusals have a cache of their own so they cannot push known keys out. */
const KNOWN_KEYS_CACHED = 10_000;
const REFUSED_KEYS_CACHED = 10_000;

/** Announcements make a change take effect at once; the reload is the fallback for a missed one. */
const TOKEN_CUTOFF_REFRESH = { refreshMs: 30_000, retryMs: 5_000 };

/** Providers given by class token are visible to the importing app too (e.g. the AuthClient). */
function exported(providers: Provider[]): Provider[] {
  return providers.filter(
    (provider) => typeof provider === 'object' && 'provide' in provider && typeof provider.provide === 'function',
  );
}

/** Authentication of people and keys, shared by every service with a public API. */
@Module({})
export class IdentityModule {
  /** The usual wiring: settings from the service's validated identity configuration. */
  static forService(config: IdentityConfig, providers: Provider[], imports: ModuleImports): DynamicModule {
    return IdentityModule.forRoot({
      providers,
      imports,
      issuer: config.LFC_JWT_ISSUER,
      audience: config.LFC_JWT_AUDIENCE,
      keyCacheTtlMs: config.LFC_KEY_CACHE_TTL_MS,
      jwtRateLimits: {
        perMinute: config.LFC_DEFAULT_RATE_LIMIT_PER_MINUTE,
        perHour: config.LFC_DEFAULT_RATE_LIMIT_PER_HOUR,
      },
      publicBaseUrl: config.LFC_PUBLIC_URL,
      trustedProxies: config.LFC_TRUSTED_PROXIES,
      unknownKeyAttemptsPerMinute: config.LFC_UNKNOWN_KEY_ATTEMPTS_PER_MINUTE,
    });
  }

  static forRoot(options: IdentityOptions): DynamicModule {
    return {
      module: IdentityModule,
      imports: [...options.imports, ResilienceModule],
      providers: [
        ...options.providers,
        { provide: PUBLIC_BASE_URL, useValue: options.publicBaseUrl },
        { provide: ClientAddressResolver, useValue: new ClientAddressResolver(options.trustedProxies) },
        { provide: JwtPrincipalDefaults, useValue: { rateLimits: options.jwtRateLimits } },
        {
          provide: ApiKeyAuthenticator,
          inject: [ApiKeyVerifier, KeyValueStore],
          useFactory: (verifier: ApiKeyVerifier, kv: KeyValueStore) =>
            new ApiKeyAuthenticator(
              verifier,
              kv,
              {
                ttlMs: options.keyCacheTtlMs,
                negativeTtlMs: 5_000,
                maxEntries: KNOWN_KEYS_CACHED,
                maxNegativeEntries: REFUSED_KEYS_CACHED,
              },
              new UnknownKeyThrottle(options.unknownKeyAttemptsPerMinute),
            ),
        },
        {
          provide: TokenCutoffs,
          inject: [TokenCutoffSource, KeyValueStore, APP_LOGGER, DEPENDENCY_HEALTH_METRICS],
          useFactory: (
            source: TokenCutoffSource,
            kv: KeyValueStore,
            logger: AppLogger,
            healthMetrics: DependencyHealthMetrics,
          ) => new TokenCutoffs(source, kv, TOKEN_CUTOFF_REFRESH, logger, healthMetrics),
        },
        {
          provide: JwtStrategy,
          inject: [JwksSource, TokenCutoffs, JwtPrincipalDefaults],
          useFactory: (source: JwksSource, cutoffs: TokenCutoffs, defaults: JwtPrincipalDefaults) =>
            new JwtStrategy(
              new JwksKeyStore(source),
              { issuer: options.issuer, audience: options.audience },
              cutoffs,
              defaults,
            ),
        },
        AuthenticatedGuard,
        authFailuresProvider,
      ],
      exports: [
        ApiKeyAuthenticator,
        TokenCutoffs,
        AuthenticatedGuard,
        authFailuresProvider,
        PUBLIC_BASE_URL,
        ClientAddressResolver,
        ...exported(options.providers),
      ],
    };
  }
}
