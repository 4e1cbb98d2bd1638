import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger, InjectLogger } from '@lfc/common';
import { EnsureSetupLinkUseCase } from '../setup/ensure-setup-link.use-case';
import { EnsureBootstrapKeyUseCase } from './ensure-bootstrap-key.use-case';

/**
 * Makes sure the bootstrap admin can get in before the service takes requests: their key, then
 * (the admin exists by then) a setup link while they have no password.
 */
@Injectable()
export class BootstrapKeyOnStart implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    private readonly ensureBootstrapKey: EnsureBootstrapKeyUseCase,
    private readonly ensureSetupLink: EnsureSetupLinkUseCase,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'BootstrapKey' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.ensureBootstrapKey.execute();
    if (outcome.kind === 'generated') this.logger.warn(`generated the bootstrap admin API key into ${outcome.file}`);
    const link = await this.ensureSetupLink.execute();
    // The file's name only: the token is a credential and never goes into a log.
    if (link.kind === 'issued')
      this.logger.warn(`the bootstrap admin has no password: a one-time setup link's token is in ${link.file}`);
  }
}
