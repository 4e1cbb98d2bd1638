import { DomainError } from '@lfc/common';
import { isManagementScope, scopesAllowTool, type Role } from '@lfc/contracts';
import { BlockList, isIP } from 'node:net';
import { Actor, Holdings } from '../access/actor';

export const KEY_POLICY = Symbol('KEY_POLICY');

export interface KeyPolicySettings {
  defaultPerMinute: number;
  defaultPerHour: number;
  rotationGraceSeconds: number;
  /** Active (not revoked, not expired) keys one user may have. */
  maxKeysPerUser: number;
}

const ROLE_RANK: Record<Role, number> = { user: 0, developer: 1, admin: 2 };

export function roleAtMost(role: Role, ceiling: Role): boolean {
  return ROLE_RANK[role] <= ROLE_RANK[ceiling];
}

/** Admins manage every key; developers their own; users none. */
export function assertMayManageKeysOf(actor: Actor, ownerId: string): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'developer' && actor.userId === ownerId) return;
  throw new DomainError('insufficient_role', 'You may only manage your own API keys (role developer or admin)');
}

/** Limits above the defaults, or none at all, are an admin's decision. */
export function assertMaySetLimits(
  actor: Actor,
  limits: { perMinute: number | null; perHour: number | null },
  settings: KeyPolicySettings,
): void {
  if (actor.role === 'admin') return;
  const above = (value: number | null, ceiling: number) => value === null || value > ceiling;
  if (above(limits.perMinute, settings.defaultPerMinute) || above(limits.perHour, settings.defaultPerHour)) {
    throw new DomainError('insufficient_role', 'Only admins may raise a key above the default limits');
  }
}

/** `a.b.c.d/n` or `ipv6/n` (a bare address means a single host). */
export function parseCidr(value: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText, ...rest] = value.trim().split('/');
  const version = isIP(address);
  // A zone id (fe80::1%eth0) names an interface of one host, never a peer's address.
  if (version === 0 || address.includes('%') || rest.length > 0)
    throw new DomainError('validation_failed', `allowedIps: ${value} is not an IP address or CIDR block`);
  const max = version === 4 ? 32 : 128;
  // Digits only: Number() reads "" as 0 (so "1.2.3.4/" would allow every address), and "0x20" or "1e1" too.
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new DomainError('validation_failed', `allowedIps: ${value} has an invalid prefix length`);
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A CIDR list as stored: each entry validated and written `address/prefix`. */
export function normaliseAllowList(cidrs: string[]): string[] {
  return cidrs.map((cidr) => {
    const parsed = parseCidr(cidr);
    return `${parsed.address}/${parsed.prefix}`;
  });
}

/** What a key is being given: only the fields set (at creation every field, on PATCH those sent). */
export interface KeyGrant {
  scopes?: readonly string[];
  /** Normalised (`address/prefix`). */
  allowedIps?: readonly string[];
  /** Whether destructive tool calls wait for the person's confirmation. */
  confirmDestructiveCalls?: boolean;
  perMinute?: number | null;
  perHour?: number | null;
  expiresAt?: Date | null;
}

type GrantField = 'scopes' | 'allowedIps' | 'confirmDestructiveCalls' | 'limits' | 'expiresAt';

function exceeds(field: GrantField, message: string): DomainError {
  return new DomainError('exceeds_creator', `${field}: ${message}`, { field });
}

/**
 * A management scope only if held; a tool glob only if `*` or the same glob is held; a literal tool
 * name if a held glob matches it. Comparing two globs by hand stays linear and never over-grants.
 */
export function holdsScope(held: readonly string[], scope: string): boolean {
  if (isManagementScope(scope)) return held.includes(scope);
  if (held.includes('*') || held.includes(scope)) return true;
  return !scope.includes('*') && !scope.includes('?') && scopesAllowTool(held, scope);
}

/** Whether the block `inner` (normalised) lies wholly inside one of `outer`. */
function blockWithin(inner: string, outer: readonly string[]): boolean {
  const candidate = parseCidr(inner);
  return outer.some((cidr) => {
    const block = parseCidr(cidr);
    if (block.family !== candidate.family || candidate.prefix < block.prefix) return false;
    const list = new BlockList();
    list.addSubnet(block.address, block.prefix, block.family);
    // With a prefix at least as long, the candidate's first address decides for the whole block.
    return list.check(candidate.address, candidate.family);
  });
}

const limitText = (value: number | null) => (value === null ? 'unlimited' : String(value));

/**
 * No key gets more than the credential creating, changing or rotating it holds: scopes, IP
 * allow-list, confirmation of destructive calls, rate limits and expiry are each checked. A person's own limits and token lifetime
 * throttle their calls rather than bound what they delegate: for them the role rules apply
 * (`assertMaySetLimits`), and their allow-list is always empty.
 */
export function assertWithinCreator(holds: Holdings, grant: KeyGrant): void {
  if (grant.scopes) {
    const excess = grant.scopes.filter((scope) => !holdsScope(holds.scopes, scope));
    if (excess.length > 0) {
      throw exceeds(
        'scopes',
        `${excess.join(', ')} exceed${excess.length === 1 ? 's' : ''} what the creating credential holds (${holds.scopes.join(', ')})`,
      );
    }
  }
  if (grant.allowedIps !== undefined && holds.allowedIps.length > 0) {
    const outside = grant.allowedIps.filter((cidr) => !blockWithin(cidr, holds.allowedIps));
    if (grant.allowedIps.length === 0 || outside.length > 0) {
      throw exceeds(
        'allowedIps',
        `the creating key may be used only from ${holds.allowedIps.join(', ')}; the key must be limited to blocks inside them`,
      );
    }
  }
  // A key that must ask before destructive calls cannot make one (or itself) that need not.
  if (holds.confirmDestructiveCalls && grant.confirmDestructiveCalls === false) {
    throw exceeds(
      'confirmDestructiveCalls',
      'the creating key asks for confirmation before destructive calls; the key must ask too',
    );
  }
  if (holds.via !== 'api_key') return;
  for (const [window, requested, ceiling] of [
    ['minute', grant.perMinute, holds.limits.perMinute],
    ['hour', grant.perHour, holds.limits.perHour],
  ] as const) {
    if (requested === undefined || ceiling === null) continue;
    if (requested === null || requested > ceiling) {
      throw exceeds(
        'limits',
        `${limitText(requested)} per ${window} is above the creating key's own limit of ${ceiling} per ${window}`,
      );
    }
  }
  if (
    grant.expiresAt !== undefined &&
    holds.expiresAt !== null &&
    (grant.expiresAt === null || grant.expiresAt.getTime() > holds.expiresAt)
  ) {
    throw exceeds(
      'expiresAt',
      `the creating key expires at ${new Date(holds.expiresAt).toISOString()}; the key must expire by then`,
    );
  }
}
