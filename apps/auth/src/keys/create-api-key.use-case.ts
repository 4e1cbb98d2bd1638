import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import type { Role } from '@lfc/contracts';
import { Actor } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { UsersRepository } from '../users/users.repository';
import { generateApiKey } from './api-key-secret';
import { ApiKeyView, viewOf } from './api-key.view';
import { ApiKeysRepository } from './api-keys.repository';
import {
  KEY_POLICY,
  KeyPolicySettings,
  assertMayManageKeysOf,
  assertMaySetLimits,
  assertWithinCreator,
  normaliseAllowList,
  roleAtMost,
} from './key-policy';

export interface CreateApiKeyCommand {
  name: string;
  /** Owner; the actor when absent. */
  userId?: string;
  role?: Role;
  /** Absent: `*`, every tool and no management scope. */
  scopes?: string[];
  /** Absent: the defaults. null: unlimited (admins only). */
  rateLimitPerMinute?: number | null;
  rateLimitPerHour?: number | null;
  allowedIps?: string[];
  /** Absent: as the creating credential does. */
  confirmDestructiveCalls?: boolean;
  expiresAt?: Date | null;
}

/** Every tool, no management scope: what a key made for tool calls needs. */
export const DEFAULT_KEY_SCOPES: readonly string[] = ['*'];

/** Creates a key and returns its secret, the only time it is ever shown. */
@Injectable()
export class CreateApiKeyUseCase {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
    @Inject(KEY_POLICY) private readonly policy: KeyPolicySettings,
  ) {}

  async execute(actor: Actor, command: CreateApiKeyCommand): Promise<{ key: string; apiKey: ApiKeyView }> {
    const ownerId = command.userId ?? actor.userId;
    if (!ownerId) throw new DomainError('validation_failed', 'userId: is required when no user performs the action');
    assertMayManageKeysOf(actor, ownerId);
    const owner = await this.users.findById(ownerId);
    if (!owner || !owner.isActive) throw new DomainError('not_found', 'userId: no such active user');
    const role = command.role ?? owner.role;
    // A key never carries more power than its owner, nor than whoever creates it.
    if (!roleAtMost(role, owner.role) || !roleAtMost(role, actor.role)) {
      throw new DomainError('insufficient_role', `role: a key of role ${role} would exceed its owner or creator`);
    }
    const limits = {
      perMinute: command.rateLimitPerMinute === undefined ? this.policy.defaultPerMinute : command.rateLimitPerMinute,
      perHour: command.rateLimitPerHour === undefined ? this.policy.defaultPerHour : command.rateLimitPerHour,
    };
    assertMaySetLimits(actor, limits, this.policy);
    const allowedIps = normaliseAllowList(command.allowedIps ?? []);
    const now = new Date();
    if (command.expiresAt && command.expiresAt.getTime() <= now.getTime()) {
      throw new DomainError('validation_failed', 'expiresAt: must be in the future');
    }
    const scopes = command.scopes ?? [...DEFAULT_KEY_SCOPES];
    const expiresAt = command.expiresAt ?? null;
    const confirmDestructiveCalls = command.confirmDestructiveCalls ?? actor.holds.confirmDestructiveCalls;
    assertWithinCreator(actor.holds, {
      scopes,
      allowedIps,
      confirmDestructiveCalls,
      perMinute: limits.perMinute,
      perHour: limits.perHour,
      expiresAt,
    });
    if (await this.keys.findByOwnerAndName(ownerId, command.name)) {
      throw new DomainError('conflict', `name: the user already has a key named ${command.name}`);
    }

    const secret = generateApiKey();
    const created = await this.unitOfWork.run(async () => {
      const inserted = await this.keys.createWithinCap(
        {
          userId: ownerId,
          keyHash: secret.hash,
          keyPrefix: secret.prefix,
          name: command.name,
          role,
          scopes,
          rateLimitPerMinute: limits.perMinute,
          rateLimitPerHour: limits.perHour,
          allowedIps,
          confirmDestructiveCalls,
          expiresAt,
          createdBy: actor.userId,
        },
        this.policy.maxKeysPerUser,
        now,
      );
      if (!inserted) {
        throw new DomainError(
          'conflict',
          `The user already has ${this.policy.maxKeysPerUser} active API keys, the most LFC_MAX_KEYS_PER_USER allows; revoke one first`,
        );
      }
      await this.audit.record(actor, 'api_key.create', `api_key:${inserted.id}`, {
        owner: ownerId,
        name: command.name,
        role,
      });
      return inserted;
    });
    return { key: secret.key, apiKey: viewOf(created) };
  }
}
