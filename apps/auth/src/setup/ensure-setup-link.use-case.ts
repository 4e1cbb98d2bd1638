import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '@lfc/database';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../access/actor';
import { CLOCK, Clock } from '../access/clock';
import { hashOpaqueToken, newOpaqueToken } from '../access/opaque-token';
import { AuditTrail } from '../audit/audit-trail';
import { BOOTSTRAP_SETTINGS, BootstrapSettings } from '../keys/ensure-bootstrap-key.use-case';
import { UsersRepository } from '../users/users.repository';
import { SetupLinksRepository } from './setup-links.repository';
import { SETUP_LINK_TTL_SECONDS } from './setup-link.use-cases';

/** Beside the bootstrap key file; the launcher (`npm start`) prints the link from it. */
export const SETUP_TOKEN_FILE = 'bootstrap-setup-token';

export type SetupLinkOutcome =
  /** A new link, its token written to `file`. */
  | { kind: 'issued'; file: string }
  /** A usable link exists already (the file's, or one the operator issued). */
  | { kind: 'pending' }
  /** The bootstrap admin has a password (or cannot take a link): no file. */
  | { kind: 'not_needed' };

/**
 * On start, while the bootstrap admin has no password, makes sure a setup link exists: when none is
 * usable, one is issued and its token written to `<LFC_DATA_DIR>/bootstrap-setup-token` (mode 0600),
 * never logged. A file whose link can no longer be used (used, replaced, expired) is removed, so the
 * launcher never prints a dead link.
 */
@Injectable()
export class EnsureSetupLinkUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly links: SetupLinksRepository,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    @Inject(BOOTSTRAP_SETTINGS) private readonly settings: BootstrapSettings,
    @Inject(SETUP_LINK_TTL_SECONDS) private readonly ttlSeconds: number,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<SetupLinkOutcome> {
    const file = join(this.settings.dataDir, SETUP_TOKEN_FILE);
    const now = new Date(this.clock());
    const admin = await this.users.findByEmail(this.settings.adminEmail);
    if (!admin || admin.passwordHash || !admin.isActive || admin.totpEnabled) {
      await rm(file, { force: true });
      return { kind: 'not_needed' };
    }
    const { token, hash } = newOpaqueToken();
    const expiresAt = new Date(now.getTime() + this.ttlSeconds * 1000);
    const issued = await this.unitOfWork.run(async () => {
      if (!(await this.links.createUnlessUsable({ userId: admin.id, tokenHash: hash, expiresAt }, now))) return false;
      await this.audit.record(SYSTEM_ACTOR, 'setup_link.issue', `user:${admin.id}`, {
        expiresAt: expiresAt.toISOString(),
        reason: 'bootstrap admin without a password',
      });
      // Before the commit: a link whose file could not be written is not issued, and the next start tries again.
      await this.writeToken(file, token);
      return true;
    });
    if (issued) return { kind: 'issued', file };
    if (!(await this.fileHoldsUsableLink(file, now))) await rm(file, { force: true });
    return { kind: 'pending' };
  }

  private async writeToken(file: string, token: string): Promise<void> {
    await mkdir(this.settings.dataDir, { recursive: true, mode: 0o700 });
    // A fresh file, so the mode applies even where an older one was looser.
    await rm(file, { force: true });
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  }

  private async fileHoldsUsableLink(file: string, now: Date): Promise<boolean> {
    const written = await readFile(file, 'utf8').catch(() => null);
    return written !== null && (await this.links.findUsable(hashOpaqueToken(written.trim()), now)) !== null;
  }
}
