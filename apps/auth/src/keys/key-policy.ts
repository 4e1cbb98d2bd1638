import { DomainError } from '@lfc/common';
import type { Role } from '@lfc/contracts';
import { isIP } from 'node:net';
import { Actor } from '../access/actor';

export const KEY_POLICY = Symbol('KEY_POLICY');

export interface KeyPolicySettings {
  defaultPerMinute: number;
  defaultPerHour: number;
  rotationGraceSeconds: number;
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
  const [address = '', prefixText] = value.trim().split('/');
  const version = isIP(address);
  if (version === 0) throw new DomainError('validation_failed', `allowedIps: ${value} is not an IP address or CIDR block`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
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
