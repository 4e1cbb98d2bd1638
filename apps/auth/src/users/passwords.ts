import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '@lfc/common';

/** argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

export function assertStrongPassword(password: string): void {
  if (password.length < 12) throw new DomainError('validation_failed', 'password: must be at least 12 characters');
  if (password.length > 256) throw new DomainError('validation_failed', 'password: must be at most 256 characters');
}
