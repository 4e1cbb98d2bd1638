import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger, InjectLogger } from '@lfc/common';
import { EnsureBootstrapKeyUseCase } from './ensure-bootstrap-key.use-case';

/** Makes sure the bootstrap admin key exists before the service takes requests. */
@Injectable()
export class BootstrapKeyOnStart implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    private readonly ensureBootstrapKey: EnsureBootstrapKeyUseCase,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'BootstrapKey' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.ensureBootstrapKey.execute();
    if (outcome.kind === 'generated') this.logger.warn(`generated the bootstrap admin API key into ${outcome.file}`);
  }
}
