import { ApiKeyView } from '@lfc/contracts';

export type KeyStatus = 'active' | 'rotating' | 'expired' | 'revoked';

/**
 * Revocation is immediate; a rotated key keeps working until the end of its grace period
 * (`replacedBy` set, `expiresAt` ahead).
 */
export function keyStatus(key: ApiKeyView, now: number): KeyStatus {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now) return 'expired';
  if (key.replacedBy !== null) return 'rotating';
  return 'active';
}

/** Scopes from checked tool names plus typed globs, deduplicated, in the order given. */
export function scopesOf(checked: readonly string[], typed: string): string[] {
  const globs = typed
    .split(/[\s,]+/)
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
  return [...new Set([...checked, ...globs])];
}

/** One address or CIDR range a line. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A limit field: blank is "not given" (the server's default), a number otherwise (the schema judges it). */
export function limitOf(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}
