import { MANAGEMENT_SCOPES, type ManagementScope, type RateLimits, type Role } from '@lfc/contracts';
import type { Principal } from '@lfc/identity';

/**
 * What the credential behind an action holds: the most a key it creates, changes or rotates may get.
 * `operator` is the CLI inside the cluster and the service itself, bound by nothing; `anonymous`
 * someone without a credential (logging in, registering), holding nothing.
 */
export interface Holdings {
  via: 'api_key' | 'jwt' | 'operator' | 'anonymous';
  scopes: readonly string[];
  /** CIDR blocks the credential may be used from; empty means anywhere. */
  allowedIps: readonly string[];
  /** Whether the credential's destructive tool calls wait for the person's confirmation. */
  confirmDestructiveCalls: boolean;
  /** The credential's own rate limits (null: unlimited). */
  limits: RateLimits;
  /** Epoch ms after which the credential stops working; null: never. */
  expiresAt: number | null;
  /** Epoch ms of the person's login (JWT `auth_time`); null for keys, the operator and older tokens. */
  authTime: number | null;
}

/** Who performs an admin action: a principal of the admin API, or the operator CLI. */
export interface Actor {
  userId: string | null;
  keyId: string | null;
  role: Role;
  ip: string | null;
  requestId: string | null;
  /** The client's User-Agent header, cut to 512 characters. */
  userAgent: string | null;
  /** `cli` for the operator command line inside the cluster, `system` for what the service does on its own. */
  channel: 'api' | 'cli' | 'system';
  holds: Holdings;
}

/**
 * The management scopes a person signed in with a JWT holds: those of the routes their role may use
 * (developers manage their own keys and see their budgets; users manage nothing).
 */
export const MANAGEMENT_SCOPES_OF_ROLE: Record<Role, readonly ManagementScope[]> = {
  admin: MANAGEMENT_SCOPES,
  developer: ['admin:keys', 'cost:budgets'],
  user: [],
};

export function holdingsOf(principal: Principal): Holdings {
  return {
    via: principal.via,
    // A person is governed by role alone: every tool, and the management scopes the role permits.
    scopes: principal.via === 'jwt' ? ['*', ...MANAGEMENT_SCOPES_OF_ROLE[principal.role]] : principal.scopes,
    allowedIps: principal.allowedIps,
    confirmDestructiveCalls: principal.confirmDestructiveCalls,
    limits: principal.rateLimits,
    expiresAt: principal.expiresAt,
    authTime: principal.authTime ?? null,
  };
}

export function actorOf(principal: Principal, ip: string, requestId: string, userAgent: string | null): Actor {
  return {
    userId: principal.userId,
    keyId: principal.keyId,
    role: principal.role,
    ip,
    requestId,
    userAgent,
    channel: 'api',
    holds: holdingsOf(principal),
  };
}

export const OPERATOR_HOLDINGS: Holdings = {
  via: 'operator',
  scopes: ['*', ...MANAGEMENT_SCOPES],
  allowedIps: [],
  confirmDestructiveCalls: false,
  limits: { perMinute: null, perHour: null },
  expiresAt: null,
  authTime: null,
};

export const CLI_ACTOR: Actor = {
  userId: null,
  keyId: null,
  role: 'admin',
  ip: null,
  requestId: null,
  userAgent: null,
  channel: 'cli',
  holds: OPERATOR_HOLDINGS,
};

/** The service itself: configuration applied at start, scheduled rotations. */
export const SYSTEM_ACTOR: Actor = { ...CLI_ACTOR, channel: 'system' };

/**
 * Someone acting before they hold any credential: a person registering themselves, or anyone
 * trying to log in. They hold nothing.
 */
export function anonymousActor(who: {
  userId: string | null;
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
}): Actor {
  return {
    ...who,
    keyId: null,
    role: 'user',
    channel: 'api',
    holds: {
      via: 'anonymous',
      scopes: [],
      allowedIps: [],
      confirmDestructiveCalls: false,
      limits: { perMinute: 0, perHour: 0 },
      expiresAt: null,
      authTime: null,
    },
  };
}
