import pino from 'pino';
import { Counter } from 'prom-client';
import { unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import { MANAGEMENT_SCOPES, type Role } from '@lfc/contracts';
import { InMemoryUnitOfWork, Restorable } from '@lfc/database/testing';
import { MemoryKeyValueStore } from '@lfc/kv';
import { randomUUID } from 'node:crypto';
import { Actor, Holdings } from '../access/actor';
import { Announcer } from '../access/announcer';
import { AuditTrail } from '../audit/audit-trail';
import { AuthAuditRecord } from '../audit/audit-chain';
import { ApiKeyEntity } from '../keys/api-key.entity';
import { ApiKeyChanges, ApiKeysRepository, NewApiKey } from '../keys/api-keys.repository';
import { KeyEvents } from '../keys/key-events';
import { KeyPolicySettings } from '../keys/key-policy';
import { SigningKeys } from '../jwt/signing-keys';
import { LoginThrottle, LoginThrottleSettings } from '../users/login-throttle';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity';
import { NewRefreshToken, RefreshTokensRepository } from '../sessions/refresh-tokens.repository';
import { SetupLinkEntity } from '../setup/setup-link.entity';
import { NewSetupLink, SetupLinksRepository } from '../setup/setup-links.repository';
import { UserEvents } from '../users/user-events';
import { UserEntity } from '../users/user.entity';
import { NewUser, TokenCutoffRow, UserChanges, UsersRepository, normaliseEmail } from '../users/users.repository';

/** In-memory stand-ins for auth's repositories and side effects, for the use cases' unit specs. */

function restorableRows<T extends object>(rows: T[], copy: (row: T) => T): () => void {
  const saved = rows.map(copy);
  return () => rows.splice(0, rows.length, ...saved);
}

const copyKey = (row: ApiKeyEntity): ApiKeyEntity =>
  Object.assign(new ApiKeyEntity(), row, { scopes: [...row.scopes], allowedIps: [...row.allowedIps] });

const copyUser = (row: UserEntity): UserEntity =>
  Object.assign(new UserEntity(), row, { recoveryCodes: [...row.recoveryCodes] });

/** The keys table with the semantics of each statement the TypeORM repository runs. */
export class InMemoryApiKeys extends ApiKeysRepository implements Restorable {
  readonly rows: ApiKeyEntity[] = [];
  private created = 0;

  constructor(private readonly users?: InMemoryUsers) {
    super();
  }

  snapshot(): () => void {
    return restorableRows(this.rows, copyKey);
  }

  private row(id: string): ApiKeyEntity | undefined {
    return this.rows.find((row) => row.id === id);
  }

  private live(row: ApiKeyEntity, now: Date): boolean {
    return row.isActive && row.revokedAt === null && (row.expiresAt === null || row.expiresAt > now);
  }

  async findUsableByHash(keyHash: string, now: Date): Promise<{ key: ApiKeyEntity; ownerRole: Role } | null> {
    const key = this.rows.find((row) => row.keyHash === keyHash && this.live(row, now));
    const owner = key && this.users?.rows.find((user) => user.id === key.userId && user.isActive);
    return key && owner ? { key: copyKey(key), ownerRole: owner.role } : null;
  }

  async findById(id: string): Promise<ApiKeyEntity | null> {
    const row = this.row(id);
    return row ? copyKey(row) : null;
  }

  async findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    const row = this.rows.find((candidate) => candidate.keyHash === keyHash);
    return row ? copyKey(row) : null;
  }

  async findByOwnerAndName(userId: string, name: string): Promise<ApiKeyEntity | null> {
    const row = this.rows.find((candidate) => candidate.userId === userId && candidate.name === name);
    return row ? copyKey(row) : null;
  }

  async list(filter: { userId?: string }): Promise<ApiKeyEntity[]> {
    return this.rows.filter((row) => !filter.userId || row.userId === filter.userId).map(copyKey);
  }

  async create(key: NewApiKey): Promise<ApiKeyEntity> {
    if (this.rows.some((row) => row.keyHash === key.keyHash)) throw new Error('duplicate key_hash');
    this.created += 1;
    const row = Object.assign(new ApiKeyEntity(), {
      ...key,
      id: randomUUID(),
      bootstrap: key.bootstrap ?? false,
      permissions: {},
      isActive: true,
      // Strictly increasing, as rows inserted one after another are.
      createdAt: new Date(Date.UTC(2026, 0, 1) + this.created),
      revokedAt: null,
      lastUsed: null,
      replacedBy: null,
    });
    this.rows.push(row);
    return copyKey(row);
  }

  async createWithinCap(key: NewApiKey, cap: number, now: Date): Promise<ApiKeyEntity | null> {
    const active = this.rows.filter((row) => row.userId === key.userId && this.live(row, now)).length;
    return active >= cap ? null : this.create(key);
  }

  async createIfAbsent(key: NewApiKey): Promise<void> {
    if (!this.rows.some((row) => row.keyHash === key.keyHash)) await this.create(key);
  }

  async update(id: string, changes: ApiKeyChanges): Promise<void> {
    const row = this.row(id);
    if (row) Object.assign(row, changes);
  }

  async setLimitsIfChanged(id: string, limits: { perMinute: number | null; perHour: number | null }): Promise<boolean> {
    const row = this.row(id);
    if (!row || (row.rateLimitPerMinute === limits.perMinute && row.rateLimitPerHour === limits.perHour)) return false;
    Object.assign(row, { rateLimitPerMinute: limits.perMinute, rateLimitPerHour: limits.perHour });
    return true;
  }

  async setScopesIfChanged(id: string, scopes: readonly string[]): Promise<boolean> {
    const row = this.row(id);
    if (!row || JSON.stringify(row.scopes) === JSON.stringify(scopes)) return false;
    row.scopes = [...scopes];
    return true;
  }

  async revokeBootstrapKeysCreatedBefore(before: Date, at: Date): Promise<{ id: string; keyHash: string }[]> {
    const revoked = this.rows.filter((row) => row.bootstrap && row.revokedAt === null && row.createdAt < before);
    for (const row of revoked) Object.assign(row, { revokedAt: at, isActive: false });
    return revoked.map((row) => ({ id: row.id, keyHash: row.keyHash }));
  }

  async touch(ids: string[], at: Date): Promise<void> {
    for (const row of this.rows) if (ids.includes(row.id) && (!row.lastUsed || row.lastUsed < at)) row.lastUsed = at;
  }
}

/** The users table with the semantics of each statement the TypeORM repository runs. */
export class InMemoryUsers extends UsersRepository implements Restorable {
  readonly rows: UserEntity[] = [];

  constructor(private readonly clock: () => number = Date.now) {
    super();
  }

  snapshot(): () => void {
    return restorableRows(this.rows, copyUser);
  }

  /** A stored user, with defaults for what the spec does not care about. */
  add(user: Partial<UserEntity> = {}): UserEntity {
    const id = user.id ?? randomUUID();
    const row = Object.assign(new UserEntity(), {
      id,
      username: `user-${id}`,
      email: `${id}@example.com`,
      passwordHash: null,
      role: 'user',
      isActive: true,
      totpSecret: null,
      totpEnabled: false,
      totpLastStep: null,
      recoveryCodes: [],
      tokenVersion: 0,
      tokensNotBefore: null,
      createdAt: new Date(this.clock()),
      updatedAt: new Date(this.clock()),
      ...user,
    });
    this.rows.push(row);
    return copyUser(row);
  }

  private row(id: string): UserEntity | undefined {
    return this.rows.find((row) => row.id === id);
  }

  async findById(id: string): Promise<UserEntity | null> {
    const row = this.row(id);
    return row ? copyUser(row) : null;
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    const row = this.rows.find((candidate) => candidate.email === normaliseEmail(email));
    return row ? copyUser(row) : null;
  }

  async findOrCreate(user: NewUser): Promise<UserEntity> {
    return (await this.findByEmail(user.email)) ?? this.create(user);
  }

  async create(user: NewUser): Promise<UserEntity> {
    const email = normaliseEmail(user.email);
    if (this.rows.some((row) => row.email === email || row.username === user.username))
      throw new Error('duplicate user');
    return this.add({ ...user, email });
  }

  async list(): Promise<UserEntity[]> {
    return this.rows.map(copyUser);
  }

  async update(id: string, changes: UserChanges): Promise<void> {
    const row = this.row(id);
    if (row) Object.assign(row, changes);
  }

  async updateCuttingOffTokens(id: string, changes: UserChanges): Promise<TokenCutoffRow> {
    const row = this.row(id);
    if (!row) throw new Error('No such user');
    const notBefore = new Date(this.clock());
    Object.assign(row, changes, { tokenVersion: row.tokenVersion + 1, tokensNotBefore: notBefore });
    return { userId: id, tokenVersion: row.tokenVersion, notBefore };
  }

  async tokenCutoffsSince(since: Date): Promise<TokenCutoffRow[]> {
    return this.rows.flatMap((row) =>
      row.tokensNotBefore && row.tokensNotBefore >= since
        ? [{ userId: row.id, tokenVersion: row.tokenVersion, notBefore: row.tokensNotBefore }]
        : [],
    );
  }

  async acceptTotpStep(id: string, step: number): Promise<boolean> {
    const row = this.row(id);
    if (!row || (row.totpLastStep !== null && Number(row.totpLastStep) >= step)) return false;
    row.totpLastStep = String(step);
    return true;
  }

  async consumeRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const row = this.row(id);
    if (!row?.recoveryCodes.includes(codeHash)) return false;
    row.recoveryCodes = row.recoveryCodes.filter((code) => code !== codeHash);
    return true;
  }
}

const copyLink = (row: SetupLinkEntity): SetupLinkEntity => Object.assign(new SetupLinkEntity(), row);

/** The setup links table with the semantics of each statement the TypeORM repository runs. */
export class InMemorySetupLinks extends SetupLinksRepository implements Restorable {
  readonly rows: SetupLinkEntity[] = [];

  snapshot(): () => void {
    return restorableRows(this.rows, copyLink);
  }

  private usable(row: SetupLinkEntity, now: Date): boolean {
    return row.usedAt === null && row.revokedAt === null && row.expiresAt > now;
  }

  private insert(link: NewSetupLink, now: Date): void {
    if (this.rows.some((row) => row.tokenHash === link.tokenHash)) throw new Error('duplicate token_hash');
    this.rows.push(
      Object.assign(new SetupLinkEntity(), {
        ...link,
        id: randomUUID(),
        createdAt: now,
        usedAt: null,
        revokedAt: null,
      }),
    );
  }

  async createUnlessUsable(link: NewSetupLink, now: Date): Promise<boolean> {
    if (this.rows.some((row) => row.userId === link.userId && this.usable(row, now))) return false;
    this.insert(link, now);
    return true;
  }

  async replace(link: NewSetupLink, now: Date): Promise<number> {
    const replaced = this.rows.filter((row) => row.userId === link.userId && !row.usedAt && !row.revokedAt);
    for (const row of replaced) row.revokedAt = now;
    this.insert(link, now);
    return replaced.length;
  }

  async findUsable(tokenHash: string, now: Date): Promise<SetupLinkEntity | null> {
    const row = this.rows.find((candidate) => candidate.tokenHash === tokenHash && this.usable(candidate, now));
    return row ? copyLink(row) : null;
  }

  async use(tokenHash: string, now: Date): Promise<string | null> {
    const row = this.rows.find((candidate) => candidate.tokenHash === tokenHash && this.usable(candidate, now));
    if (!row) return null;
    row.usedAt = now;
    return row.userId;
  }
}

const copyRefreshToken = (row: RefreshTokenEntity): RefreshTokenEntity => Object.assign(new RefreshTokenEntity(), row);

/** The refresh tokens table with the semantics of each statement the TypeORM repository runs. */
export class InMemoryRefreshTokens extends RefreshTokensRepository implements Restorable {
  readonly rows: RefreshTokenEntity[] = [];

  constructor(private readonly clock: () => number = Date.now) {
    super();
  }

  snapshot(): () => void {
    return restorableRows(this.rows, copyRefreshToken);
  }

  async create(token: NewRefreshToken): Promise<void> {
    if (this.rows.some((row) => row.tokenHash === token.tokenHash)) throw new Error('duplicate token_hash');
    this.rows.push(
      Object.assign(new RefreshTokenEntity(), {
        ...token,
        id: randomUUID(),
        createdAt: new Date(this.clock()),
        rotatedAt: null,
        revokedAt: null,
      }),
    );
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    const row = this.rows.find((candidate) => candidate.tokenHash === tokenHash);
    return row ? copyRefreshToken(row) : null;
  }

  async rotate(id: string, at: Date): Promise<boolean> {
    const row = this.rows.find((candidate) => candidate.id === id && !candidate.rotatedAt && !candidate.revokedAt);
    if (!row) return false;
    row.rotatedAt = at;
    return true;
  }

  async revokeFamily(familyId: string, at: Date): Promise<number> {
    const live = this.rows.filter((row) => row.familyId === familyId && !row.revokedAt);
    for (const row of live) row.revokedAt = at;
    return live.length;
  }

  async deleteExpired(before: Date): Promise<void> {
    this.rows.splice(0, this.rows.length, ...this.rows.filter((row) => row.expiresAt >= before));
  }
}

export interface RecordedAudit {
  actor: Actor;
  action: string;
  resource: string;
  details: Record<string, unknown>;
}

/** The audit table: what was recorded, rolled back with the unit of work; `failNext` makes the next record fail. */
export class InMemoryAuditTrail extends AuditTrail implements Restorable {
  readonly records: RecordedAudit[] = [];
  private failure: Error | null = null;

  constructor() {
    // Never reaches the database: `record` is replaced below.
    super(undefined as never);
  }

  snapshot(): () => void {
    return restorableRows(this.records, (record) => ({ ...record }));
  }

  failNext(error = new Error('the audit table refused the record')): void {
    this.failure = error;
  }

  override async record(
    actor: Actor,
    action: string,
    resource: string,
    details: Record<string, unknown> = {},
  ): Promise<AuthAuditRecord> {
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
    this.records.push({ actor, action, resource, details });
    return {
      id: randomUUID(),
      seq: this.records.length,
      timestamp: new Date().toISOString(),
      userId: actor.userId,
      keyId: actor.keyId,
      action,
      resource,
      ipAddress: actor.ip,
      requestId: actor.requestId,
      details,
      prevHash: '',
      hash: '',
    };
  }
}

/** An announcement, and whether a unit of work was still open (uncommitted) when it was made. */
export interface Announcement<T> {
  message: T;
  beforeCommit: boolean;
}

const silentAnnouncer = new Announcer(new MemoryKeyValueStore(), pino({ enabled: false }));

export class RecordingKeyEvents extends KeyEvents {
  readonly announced: Announcement<{ keyId: string; keyHash: string }>[] = [];

  constructor(private readonly unitOfWork: InMemoryUnitOfWork) {
    super(silentAnnouncer);
  }

  override async changed(keyId: string, keyHash: string): Promise<void> {
    this.announced.push({ message: { keyId, keyHash }, beforeCommit: this.unitOfWork.open });
  }
}

export class RecordingUserEvents extends UserEvents {
  readonly announced: Announcement<TokenCutoffRow>[] = [];

  constructor(private readonly unitOfWork: InMemoryUnitOfWork) {
    super(silentAnnouncer);
  }

  override async tokensCutOff(cutoff: TokenCutoffRow): Promise<void> {
    this.announced.push({ message: cutoff, beforeCommit: this.unitOfWork.open });
  }
}

/** Everything auth's use cases write to, wired to one unit of work that rolls them all back. */
export function inMemoryAuth(clock: () => number = Date.now) {
  const users = new InMemoryUsers(clock);
  const keys = new InMemoryApiKeys(users);
  const audit = new InMemoryAuditTrail();
  const setupLinks = new InMemorySetupLinks();
  const refreshTokens = new InMemoryRefreshTokens(clock);
  const unitOfWork = new InMemoryUnitOfWork([users, keys, audit, setupLinks, refreshTokens]);
  return {
    users,
    keys,
    audit,
    setupLinks,
    refreshTokens,
    unitOfWork,
    keyEvents: new RecordingKeyEvents(unitOfWork),
    userEvents: new RecordingUserEvents(unitOfWork),
  };
}

export const KEY_POLICY_FOR_SPECS: KeyPolicySettings = {
  defaultPerMinute: 100,
  defaultPerHour: 1000,
  rotationGraceSeconds: 60,
  maxKeysPerUser: 3,
};

/** An actor of the admin API holding `holds` (an admin API key holding everything by default). */
export function apiActor(who: Partial<Omit<Actor, 'holds'>> = {}, holds: Partial<Holdings> = {}): Actor {
  return {
    userId: randomUUID(),
    keyId: randomUUID(),
    role: 'admin',
    ip: '10.0.0.1',
    requestId: 'req-1',
    userAgent: 'spec',
    channel: 'api',
    ...who,
    holds: {
      via: 'api_key',
      scopes: ['*', ...MANAGEMENT_SCOPES],
      allowedIps: [],
      confirmDestructiveCalls: false,
      limits: { perMinute: null, perHour: null },
      expiresAt: null,
      authTime: null,
      ...holds,
    },
  };
}

/** What `SigningKeys.sign` was asked to sign. */
export interface SignedSubject {
  userId: string;
  role: Role;
  email: string;
  tokenVersion: number;
  authTime: number;
}

/** Signing keys that record each subject and hand back a numbered stand-in token. */
export function recordingSigningKeys(): { signingKeys: SigningKeys; signed: SignedSubject[] } {
  const signed: SignedSubject[] = [];
  const signingKeys = {
    sign: async (subject: SignedSubject) => {
      signed.push(subject);
      return { token: `access-${signed.length}`, expiresIn: 60 };
    },
  } as unknown as SigningKeys;
  return { signingKeys, signed };
}

export const LOGIN_THROTTLE_FOR_SPECS: LoginThrottleSettings = {
  failureWindowSeconds: 900,
  account: { freeAttempts: 5, lockoutAfter: 10 },
  ip: { freeAttempts: 3, lockoutAfter: 6 },
  maxDelaySeconds: 60,
  lockoutSeconds: 900,
};

/** The login throttle on in-process counters (no Redis), auditing into `audit`. */
export function inMemoryLoginThrottle(
  audit: AuditTrail,
  clock: () => number,
  settings: LoginThrottleSettings = LOGIN_THROTTLE_FOR_SPECS,
): LoginThrottle {
  return new LoginThrottle(
    new MemoryKeyValueStore(),
    audit,
    clock,
    settings,
    pino({ enabled: false }),
    new Counter({ name: 'lfc_login_throttled_total', help: 'throttled', labelNames: ['reason'], registers: [] }),
    unregisteredDependencyHealthMetrics(),
  );
}
