import { authenticator } from 'otplib';
import { createHash } from 'node:crypto';
import { UsersRepository } from './users.repository';

const STEP_SECONDS = 30;

/**
 * The time step `code` belongs to for `secret`, allowing one step of clock drift either way
 * (RFC 6238 §5.2), or null when it matches none.
 */
export function totpStepOf(secret: string, code: string, now: number): number | null {
  const delta = authenticator.clone({ epoch: now, window: 1 }).checkDelta(code, secret);
  return delta === null ? null : Math.floor(now / 1000 / STEP_SECONDS) + delta;
}

/**
 * Accepts a code once: its step must be later than the last step accepted for the user, recorded
 * in the same statement, so a code seen by someone else (or sent twice at once) is refused.
 */
export async function consumeTotpCode(
  users: UsersRepository,
  user: { id: string; totpSecret: string | null },
  code: string,
  now: number,
): Promise<boolean> {
  if (!user.totpSecret) return false;
  const step = totpStepOf(user.totpSecret, code, now);
  return step !== null && (await users.acceptTotpStep(user.id, step));
}

/** What is stored of a recovery code: case and surrounding blanks do not matter when it is typed back. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase()).digest('hex');
}
