import type { Role } from '@lfc/contracts';
import type { Principal } from '@lfc/identity';

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
}

export function actorOf(principal: Principal, ip: string, requestId: string, userAgent: string | null): Actor {
  return { userId: principal.userId, keyId: principal.keyId, role: principal.role, ip, requestId, userAgent, channel: 'api' };
}

export const CLI_ACTOR: Actor = { userId: null, keyId: null, role: 'admin', ip: null, requestId: null, userAgent: null, channel: 'cli' };

/** The service itself: configuration applied at start, scheduled rotations. */
export const SYSTEM_ACTOR: Actor = { userId: null, keyId: null, role: 'admin', ip: null, requestId: null, userAgent: null, channel: 'system' };
