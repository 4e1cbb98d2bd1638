import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AccessModule } from '@lfc/access';
import { ObservabilityModule } from '@lfc/common';
import { DatabaseModule, databaseReadinessCheck } from '@lfc/database';
import { ApiKeyVerifier, IdentityModule, JwksSource, TokenCutoffSource } from '@lfc/identity';
import { InternalHttpModule } from '@lfc/internal-http';
import { KeyValueStore, KvModule, kvReadinessCheck } from '@lfc/kv';
import { DataSource } from 'typeorm';
import { LocalApiKeyVerifier, LocalJwksSource, LocalTokenCutoffSource } from './access/local-identity';
import { AuditController } from './admin/audit.controller';
import { KeysController } from './admin/keys.controller';
import { SessionController } from './admin/session.controller';
import { SigningKeysController } from './admin/signing-keys.controller';
import { UsersController } from './admin/users.controller';
import { AuthCoreModule } from './auth-core.module';
import { AuditQueries } from './audit/audit-queries';
import { AuthConfig } from './config';
import { authDatabase } from './database';
import { JwksController } from './jwt/jwks.controller';
import { EnsureBootstrapKeyUseCase } from './keys/ensure-bootstrap-key.use-case';
import { InternalApiKeysController } from './keys/internal-api-keys.controller';
import { InternalUsersController } from './users/internal-users.controller';

class BootstrapKeyOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapKey');
  constructor(@Inject(EnsureBootstrapKeyUseCase) private readonly ensureBootstrapKey: EnsureBootstrapKeyUseCase) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.ensureBootstrapKey.execute();
    if (outcome.kind === 'generated') this.logger.warn(`generated the bootstrap admin API key into ${outcome.file}`);
  }
}

@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        DatabaseModule.forRoot({
          ...authDatabase(config.DATABASE_URL, config.LFC_DB_POOL_SIZE),
          migrateOnStart: config.LFC_MIGRATE_ON_START,
        }),
        KvModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.LFC_REDIS_PREFIX }),
        InternalHttpModule.forRoot({
          service: 'auth',
          privateKey: config.LFC_SERVICE_PRIVATE_KEY,
          publicKeys: config.LFC_SERVICE_PUBLIC_KEYS,
        }),
        ObservabilityModule.forRoot({
          service: 'auth',
          inject: [DataSource, KeyValueStore],
          readinessChecks: (dataSource: DataSource, kv: KeyValueStore) => [
            databaseReadinessCheck(dataSource),
            kvReadinessCheck(kv),
          ],
        }),
        AuthCoreModule.forRoot(config),
        IdentityModule.forService(config, [
          { provide: ApiKeyVerifier, useClass: LocalApiKeyVerifier },
          { provide: JwksSource, useClass: LocalJwksSource },
          { provide: TokenCutoffSource, useClass: LocalTokenCutoffSource },
        ]),
        AccessModule.forService(config),
      ],
      controllers: [
        InternalApiKeysController,
        InternalUsersController,
        JwksController,
        SessionController,
        UsersController,
        KeysController,
        SigningKeysController,
        AuditController,
      ],
      providers: [BootstrapKeyOnStart, AuditQueries],
    };
  }
}
