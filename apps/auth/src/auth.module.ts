import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '@lfc/access';
import { ClientAddressResolver, HealthModule, ObservabilityModule } from '@lfc/common';
import { DatabaseModule, databaseReadinessCheck } from '@lfc/database';
import { ApiKeyVerifier, IdentityModule, JwksSource, TokenCutoffSource } from '@lfc/identity';
import { InternalHttpModule } from '@lfc/internal-http';
import { KeyValueStore, KvModule, kvReadinessCheck } from '@lfc/kv';
import { DataSource } from 'typeorm';
import { LocalApiKeyVerifier, LocalJwksSource, LocalTokenCutoffSource } from './access/local-identity';
import { AuditController } from './admin/audit.controller';
import { BrowserSessionController } from './admin/browser-session.controller';
import { RefreshCookies } from './admin/refresh-cookie';
import { SetupController } from './admin/setup.controller';
import { KeysController } from './admin/keys.controller';
import { SessionController } from './admin/session.controller';
import { SigningKeysController } from './admin/signing-keys.controller';
import { UsersController } from './admin/users.controller';
import { AuthCoreModule } from './auth-core.module';
import { AuditQueries } from './audit/audit-queries';
import { AuthConfig } from './config';
import { authDatabase } from './database';
import { JwksController } from './jwt/jwks.controller';
import { BootstrapKeyOnStart } from './keys/bootstrap-key-on-start';
import { InternalApiKeysController } from './keys/internal-api-keys.controller';
import { InternalUsersController } from './users/internal-users.controller';

@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    const kv = KvModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.LFC_REDIS_PREFIX });
    const observability = ObservabilityModule.forRoot({ service: 'auth' });
    const core = AuthCoreModule.forRoot(config, [kv]);
    const identity = IdentityModule.forService(
      config,
      [
        { provide: ApiKeyVerifier, useClass: LocalApiKeyVerifier },
        { provide: JwksSource, useClass: LocalJwksSource },
        { provide: TokenCutoffSource, useClass: LocalTokenCutoffSource },
      ],
      [kv, core],
    );
    return {
      module: AuthModule,
      imports: [
        DatabaseModule.forRoot({
          ...authDatabase(config.DATABASE_URL, config.LFC_DB_POOL_SIZE),
          migrateOnStart: config.LFC_MIGRATE_ON_START,
        }),
        kv,
        observability,
        InternalHttpModule.forRoot({
          service: 'auth',
          privateKey: config.LFC_SERVICE_PRIVATE_KEY,
          publicKeys: config.LFC_SERVICE_PUBLIC_KEYS,
          imports: [observability],
        }),
        HealthModule.forRoot({
          imports: [observability, kv],
          inject: [DataSource, KeyValueStore],
          readinessChecks: (dataSource: DataSource, store: KeyValueStore) => [
            databaseReadinessCheck(dataSource),
            kvReadinessCheck(store),
          ],
        }),
        core,
        identity,
        AccessModule.forService(config, [identity, kv]),
      ],
      controllers: [
        InternalApiKeysController,
        InternalUsersController,
        JwksController,
        SessionController,
        BrowserSessionController,
        SetupController,
        UsersController,
        KeysController,
        SigningKeysController,
        AuditController,
      ],
      providers: [
        BootstrapKeyOnStart,
        AuditQueries,
        {
          provide: RefreshCookies,
          inject: [ClientAddressResolver],
          useFactory: (addresses: ClientAddressResolver) => new RefreshCookies(config.LFC_PUBLIC_URL, addresses),
        },
      ],
    };
  }
}
