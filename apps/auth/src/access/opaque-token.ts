import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url: what setup links and refresh cookies carry. */
export const OPAQUE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface OpaqueToken {
  /** Handed out once (a link, a cookie), never stored. */
  token: string;
  /** What is stored: SHA-256, hex. */
  hash: string;
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newOpaqueToken(): OpaqueToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}
