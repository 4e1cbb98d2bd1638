import { Inject, Injectable } from '@nestjs/common';
import { MANAGEMENT_SCOPES } from '@lfc/contracts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { UsersRepository } from '../users/users.repository';
import { generateApiKey, hashApiKey, keyPrefixOf } from './api-key-secret';
import { ApiKeysRepository } from './api-keys.repository';
import { KeyEvents } from './key-events';

export const BOOTSTRAP_SETTINGS = Symbol('BOOTSTRAP_SETTINGS');

export interface BootstrapSettings {
  configuredKey: string | undefined;
  adminEmail: string;
  dataDir: string;
  rateLimitPerMinute: number | null;
  rateLimitPerHour: number | null;
}

export const BOOTSTRAP_KEY_NAME = 'bootstrap';
export const BOOTSTRAP_KEY_FILE = 'bootstrap-api-key';

export type BootstrapOutcome = { kind: 'configured' } | { kind: 'existing' } | { kind: 'generated'; file: string };

/**
 * Makes sure an admin can reach the system on a fresh install: the configured bootstrap key
 * (Helm, automation) or, on first start without one, a generated key written to a 0600 file. The
 * bootstrap key's limits follow the configuration at every start (a change is audited, actor system).
 */
@Injectable()
export class EnsureBootstrapKeyUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly keys: ApiKeysRepository,
    private readonly events: KeyEvents,
    private readonly audit: AuditTrail,
    @Inject(BOOTSTRAP_SETTINGS) private readonly settings: BootstrapSettings,
  ) {}

  async execute(): Promise<BootstrapOutcome> {
    const admin = await this.users.findOrCreate({
      username: 'admin',
      email: this.settings.adminEmail,
      role: 'admin',
      passwordHash: null,
    });
    const configured = this.settings.configuredKey;
    if (configured) {
      await this.seed(admin.id, hashApiKey(configured), keyPrefixOf(configured), `${BOOTSTRAP_KEY_NAME} (configured)`);
      await this.applyLimits(admin.id, `${BOOTSTRAP_KEY_NAME} (configured)`);
      return { kind: 'configured' };
    }
    if (await this.keys.findByOwnerAndName(admin.id, BOOTSTRAP_KEY_NAME)) {
      await this.applyLimits(admin.id, BOOTSTRAP_KEY_NAME);
      return { kind: 'existing' };
    }
    const generated = generateApiKey();
    await mkdir(this.settings.dataDir, { recursive: true, mode: 0o700 });
    const file = join(this.settings.dataDir, BOOTSTRAP_KEY_FILE);
    await writeFile(file, `${generated.key}\n`, { mode: 0o600 });
    await this.seed(admin.id, generated.hash, generated.prefix, BOOTSTRAP_KEY_NAME);
    return { kind: 'generated', file };
  }

  private async seed(userId: string, keyHash: string, keyPrefix: string, name: string): Promise<void> {
    await this.keys.createIfAbsent({
      userId,
      keyHash,
      keyPrefix,
      name,
      role: 'admin',
      // Every tool, and every management route (tool globs never match a management scope).
      scopes: ['*', ...MANAGEMENT_SCOPES],
      rateLimitPerMinute: this.settings.rateLimitPerMinute,
      rateLimitPerHour: this.settings.rateLimitPerHour,
      allowedIps: [],
      expiresAt: null,
      createdBy: null,
    });
  }

  private async applyLimits(userId: string, name: string): Promise<void> {
    const key = await this.keys.findByOwnerAndName(userId, name);
    if (!key) return;
    const limits = { perMinute: this.settings.rateLimitPerMinute, perHour: this.settings.rateLimitPerHour };
    if (!(await this.keys.setLimitsIfChanged(key.id, limits))) return;
    await this.events.changed(key.id, key.keyHash);
    await this.audit.record(SYSTEM_ACTOR, 'api_key.update', `api_key:${key.id}`, {
      changes: ['rateLimitPerMinute', 'rateLimitPerHour'],
      reason: 'bootstrap key limits from the configuration',
      from: { perMinute: key.rateLimitPerMinute, perHour: key.rateLimitPerHour },
      to: { perMinute: this.settings.rateLimitPerMinute, perHour: this.settings.rateLimitPerHour },
    });
  }
}
