import { Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmUsersRepository, UsersRepository } from '../users/users.repository';
import { ApiKeysRepository, TypeOrmApiKeysRepository } from './api-keys.repository';
import { BOOTSTRAP_SETTINGS, BootstrapSettings, EnsureBootstrapKeyUseCase } from './ensure-bootstrap-key.use-case';
import { InternalApiKeysController } from './internal-api-keys.controller';
import { VerifyApiKeyUseCase } from './verify-api-key.use-case';

class BootstrapKeyOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapKey');
  constructor(@Inject(EnsureBootstrapKeyUseCase) private readonly ensureBootstrapKey: EnsureBootstrapKeyUseCase) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.ensureBootstrapKey.execute();
    if (outcome.kind === 'generated') this.logger.warn(`generated the bootstrap admin API key into ${outcome.file}`);
  }
}

@Module({
  controllers: [InternalApiKeysController],
  providers: [
    { provide: ApiKeysRepository, useClass: TypeOrmApiKeysRepository },
    { provide: UsersRepository, useClass: TypeOrmUsersRepository },
    VerifyApiKeyUseCase,
    EnsureBootstrapKeyUseCase,
    BootstrapKeyOnStart,
  ],
})
export class KeysModule {
  static withBootstrap(settings: BootstrapSettings) {
    return { module: KeysModule, providers: [{ provide: BOOTSTRAP_SETTINGS, useValue: settings }] };
  }
}
