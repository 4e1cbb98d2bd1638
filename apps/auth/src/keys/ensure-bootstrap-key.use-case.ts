import { AppLogger, InjectLogger } from '@lfc/common';
import { Inject, Injectable } from '@nestjs/common';
import { MANAGEMENT_SCOPES } from '@lfc/contracts';
import { UnitOfWork } from '@lfc/database';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { UsersRepository } from '../users/users.repository';
import { generateApiKey, hashApiKey, keyPrefixOf } from './api-key-secret';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { KeyEvents } from './key-events';

export const BOOTSTRAP_SETTINGS = Symbol('BOOTSTRAP_SETTINGS');

/** A key gateways must drop from their caches. */
type KeyRef = Pick<ApiKeyEntity, 'id' | 'keyHash'>;

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

/** Every tool and every management scope: the bootstrap key is how an admin first reaches the system. */
export const BOOTSTRAP_SCOPES: readonly string[] = ['*', ...MANAGEMENT_SCOPES];

/**
 * Makes sure an admin can reach the system on a fresh install: the configured bootstrap key
 * (Helm, automation) or, on first start without one, a generated key written to a 0600 file. The
 * bootstrap key's scopes and limits follow the configuration at every start (a change is audited,
 * actor system). A newer bootstrap key revokes the ones before it (audited, announced to gateways),
 * so changing LFC_BOOTSTRAP_API_KEY replaces the old admin key instead of adding a second one.
 */
@Injectable()
export class EnsureBootstrapKeyUseCase {
  private readonly logger: AppLogger;

  constructor(
    private readonly users: UsersRepository,
    private readonly keys: ApiKeysRepository,
    private readonly events: KeyEvents,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    @Inject(BOOTSTRAP_SETTINGS) private readonly settings: BootstrapSettings,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'BootstrapKey' });
  }

  async execute(): Promise<BootstrapOutcome> {
    // Every change commits with its audit record; gateways hear of changed keys only after the commit.
    const { outcome, changed } = await this.unitOfWork.run(() => this.apply());
    for (const key of changed) await this.events.changed(key.id, key.keyHash);
    return outcome;
  }

  private async apply(): Promise<{ outcome: BootstrapOutcome; changed: KeyRef[] }> {
    const admin = await this.users.findOrCreate({
      username: 'admin',
      email: this.settings.adminEmail,
      role: 'admin',
      passwordHash: null,
    });
    const { key, outcome } = await this.current(admin.id);
    if (key.revokedAt) {
      // A replica still configured with a key that a newer one replaced (a rolling update): it must
      // neither bring the old key back nor revoke the newer one.
      this.logger.warn(`the bootstrap key ${key.keyPrefix}… was revoked; its replacement stays in force`);
      return { outcome, changed: [] };
    }
    const changed = [
      ...(await this.applyScopes(key)),
      ...(await this.applyLimits(key)),
      ...(await this.revokeOlder(key)),
    ];
    return { outcome, changed };
  }

  private async current(adminId: string): Promise<{ key: ApiKeyEntity; outcome: BootstrapOutcome }> {
    const configured = this.settings.configuredKey;
    if (configured) {
      return {
        key: await this.seed(
          adminId,
          hashApiKey(configured),
          keyPrefixOf(configured),
          `${BOOTSTRAP_KEY_NAME} (configured)`,
        ),
        outcome: { kind: 'configured' },
      };
    }
    const existing = await this.keys.findByOwnerAndName(adminId, BOOTSTRAP_KEY_NAME);
    if (existing?.bootstrap) return { key: existing, outcome: { kind: 'existing' } };
    const generated = generateApiKey();
    await mkdir(this.settings.dataDir, { recursive: true, mode: 0o700 });
    const file = join(this.settings.dataDir, BOOTSTRAP_KEY_FILE);
    await writeFile(file, `${generated.key}\n`, { mode: 0o600 });
    return {
      key: await this.seed(adminId, generated.hash, generated.prefix, BOOTSTRAP_KEY_NAME),
      outcome: { kind: 'generated', file },
    };
  }

  private async seed(userId: string, keyHash: string, keyPrefix: string, name: string): Promise<ApiKeyEntity> {
    await this.keys.createIfAbsent({
      userId,
      keyHash,
      keyPrefix,
      name,
      role: 'admin',
      scopes: [...BOOTSTRAP_SCOPES],
      rateLimitPerMinute: this.settings.rateLimitPerMinute,
      rateLimitPerHour: this.settings.rateLimitPerHour,
      allowedIps: [],
      confirmDestructiveCalls: false,
      expiresAt: null,
      createdBy: null,
      bootstrap: true,
    });
    const key = await this.keys.findByHash(keyHash);
    if (!key) throw new Error('the bootstrap key could not be stored');
    return key;
  }

  /** Keys seeded before management scopes existed get them; so do keys when a new one is added. */
  private async applyScopes(key: ApiKeyEntity): Promise<KeyRef[]> {
    if (!(await this.keys.setScopesIfChanged(key.id, BOOTSTRAP_SCOPES))) return [];
    await this.audit.record(SYSTEM_ACTOR, 'api_key.update', `api_key:${key.id}`, {
      changes: ['scopes'],
      reason: 'bootstrap key scopes: every tool and management scope',
      from: key.scopes,
      to: BOOTSTRAP_SCOPES,
    });
    return [key];
  }

  private async applyLimits(key: ApiKeyEntity): Promise<KeyRef[]> {
    const limits = { perMinute: this.settings.rateLimitPerMinute, perHour: this.settings.rateLimitPerHour };
    if (!(await this.keys.setLimitsIfChanged(key.id, limits))) return [];
    await this.audit.record(SYSTEM_ACTOR, 'api_key.update', `api_key:${key.id}`, {
      changes: ['rateLimitPerMinute', 'rateLimitPerHour'],
      reason: 'bootstrap key limits from the configuration',
      from: { perMinute: key.rateLimitPerMinute, perHour: key.rateLimitPerHour },
      to: limits,
    });
    return [key];
  }

  /** Gateways drop each revoked key at once; the revocation is recorded by the one replica that made it. */
  private async revokeOlder(key: ApiKeyEntity): Promise<KeyRef[]> {
    const revoked = await this.keys.revokeBootstrapKeysCreatedBefore(key.createdAt, new Date());
    for (const old of revoked) {
      await this.audit.record(SYSTEM_ACTOR, 'api_key.revoke', `api_key:${old.id}`, {
        reason: 'bootstrap_rotated',
        replacedBy: key.id,
      });
      this.logger.warn(`revoked the previous bootstrap key ${old.id}: LFC_BOOTSTRAP_API_KEY changed`);
    }
    return revoked;
  }
}
