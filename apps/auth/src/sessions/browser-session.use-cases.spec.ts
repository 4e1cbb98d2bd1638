import { DomainError } from '@lfc/common';
import { hashOpaqueToken } from '../access/opaque-token';
import {
  LOGIN_THROTTLE_FOR_SPECS,
  inMemoryAuth,
  inMemoryLoginThrottle,
  recordingSigningKeys,
} from '../testing/in-memory';
import { PasswordSignIn } from '../users/password-sign-in';
import { hashPassword } from '../users/passwords';
import {
  EndBrowserSessionUseCase,
  RefreshBrowserSessionUseCase,
  StartBrowserSessionUseCase,
} from './browser-session.use-cases';
import { BrowserSessions, IssuedBrowserSession } from './browser-sessions';

const PASSWORD = 'correct horse battery staple';
const TTL_SECONDS = 3600;
const client = { ip: '203.0.113.7', requestId: 'req-1', userAgent: 'spec' };

describe('browser sessions', () => {
  let now: number;
  let auth: ReturnType<typeof inMemoryAuth>;
  let signed: ReturnType<typeof recordingSigningKeys>['signed'];
  let start: StartBrowserSessionUseCase;
  let refresh: RefreshBrowserSessionUseCase;
  let end: EndBrowserSessionUseCase;
  let userId: string;

  beforeEach(async () => {
    now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const clock = () => now;
    auth = inMemoryAuth(clock);
    const keys = recordingSigningKeys();
    signed = keys.signed;
    const sessions = new BrowserSessions(auth.refreshTokens, keys.signingKeys, TTL_SECONDS, clock);
    const throttle = inMemoryLoginThrottle(auth.audit, clock, LOGIN_THROTTLE_FOR_SPECS);
    start = new StartBrowserSessionUseCase(new PasswordSignIn(auth.users, throttle, clock), sessions);
    refresh = new RefreshBrowserSessionUseCase(
      auth.refreshTokens,
      auth.users,
      sessions,
      auth.audit,
      auth.unitOfWork,
      clock,
    );
    end = new EndBrowserSessionUseCase(auth.refreshTokens, clock);
    userId = auth.users.add({
      email: 'me@example.com',
      role: 'developer',
      passwordHash: await hashPassword(PASSWORD),
    }).id;
  });

  const signIn = () => start.execute({ email: 'me@example.com', password: PASSWORD }, client);
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error as DomainError).code,
    );

  it('signs in with the login’s checks and keeps only the hash of the refresh token', async () => {
    const issued = await signIn();
    expect(issued.session).toMatchObject({
      accessToken: 'access-1',
      tokenType: 'Bearer',
      user: { id: userId, email: 'me@example.com', role: 'developer' },
    });
    expect(issued.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.refreshTtlSeconds).toBe(TTL_SECONDS);
    expect(auth.refreshTokens.rows).toEqual([
      expect.objectContaining({ tokenHash: hashOpaqueToken(issued.refreshToken), userId, tokenVersion: 0 }),
    ]);
    expect(JSON.stringify(auth.refreshTokens.rows)).not.toContain(issued.refreshToken);
    await expect(
      start.execute({ email: 'me@example.com', password: 'wrong password here' }, client),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('rotates the refresh token on every refresh, and the new access token keeps the sign-in’s auth_time', async () => {
    const first = await signIn();
    const signedInAt = now;
    now += 600_000;
    const second = await refresh.execute(first.refreshToken, client);
    now += 600_000;
    const third = await refresh.execute(second.refreshToken, client);
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    expect(signed.map((subject) => subject.authTime)).toEqual([
      signedInAt / 1000,
      signedInAt / 1000,
      signedInAt / 1000,
    ]);
    expect(third.session.user.id).toBe(userId);
    // One family; each earlier token is marked as exchanged, the current one is not.
    expect(new Set(auth.refreshTokens.rows.map((row) => row.familyId)).size).toBe(1);
    expect(auth.refreshTokens.rows.map((row) => row.rotatedAt !== null)).toEqual([true, true, false]);
  });

  it('treats a replaced token presented again as theft: the whole family is revoked and the reuse audited once', async () => {
    const first = await signIn();
    const second = await refresh.execute(first.refreshToken, client);
    expect(await refusal(refresh.execute(first.refreshToken, client))).toBe('session_ended');
    // The holder of the current token is signed out too: it cannot be told from the thief.
    expect(await refusal(refresh.execute(second.refreshToken, client))).toBe('session_ended');
    expect(await refusal(refresh.execute(first.refreshToken, client))).toBe('session_ended');
    const reuses = auth.audit.records.filter((record) => record.action === 'session.refresh_reuse');
    expect(reuses).toEqual([
      expect.objectContaining({
        resource: `session:${auth.refreshTokens.rows[0]!.familyId}`,
        actor: expect.objectContaining({ userId, ip: client.ip }),
        details: expect.objectContaining({ revokedTokens: 2 }),
      }),
    ]);
  });

  it('lets one of two concurrent refreshes with the same token win, and revokes the family for the other', async () => {
    const first = await signIn();
    const outcomes = await Promise.all([
      refusal(refresh.execute(first.refreshToken, client)),
      refusal(refresh.execute(first.refreshToken, client)),
    ]);
    expect(outcomes.sort()).toEqual(['accepted', 'session_ended']);
    expect(auth.refreshTokens.rows.every((row) => row.revokedAt !== null)).toBe(true);
  });

  it('refuses a missing, unknown or expired token alike, and other sessions go on', async () => {
    const mine = await signIn();
    now += (TTL_SECONDS / 2) * 1000;
    const other = await signIn();
    expect(await refusal(refresh.execute(null, client))).toBe('session_ended');
    expect(await refusal(refresh.execute('A'.repeat(43), client))).toBe('session_ended');
    now += (TTL_SECONDS / 2) * 1000;
    expect(await refusal(refresh.execute(mine.refreshToken, client))).toBe('session_ended');
    await expect(refresh.execute(other.refreshToken, client)).resolves.toBeDefined();
  });

  it('ends the session once the user’s token version moves on (new password, role change, deactivation)', async () => {
    const issued = await signIn();
    await auth.users.updateCuttingOffTokens(userId, {});
    expect(await refusal(refresh.execute(issued.refreshToken, client))).toBe('session_ended');
    expect(auth.refreshTokens.rows.every((row) => row.revokedAt !== null)).toBe(true);

    const again = await signIn();
    await auth.users.update(userId, { isActive: false });
    expect(await refusal(refresh.execute(again.refreshToken, client))).toBe('session_ended');
  });

  it('signs out by revoking the family, so no copy of any of its tokens refreshes', async () => {
    const first = await signIn();
    const second: IssuedBrowserSession = await refresh.execute(first.refreshToken, client);
    await end.execute(second.refreshToken);
    expect(await refusal(refresh.execute(second.refreshToken, client))).toBe('session_ended');
    // A sign-out is no theft: nothing is audited.
    expect(auth.audit.records.filter((record) => record.action === 'session.refresh_reuse')).toEqual([]);
    await expect(end.execute(null)).resolves.toBeUndefined();
  });

  it('forgets expired tokens at the next sign-in', async () => {
    await signIn();
    now += TTL_SECONDS * 1000 + 1;
    await signIn();
    expect(auth.refreshTokens.rows).toHaveLength(1);
  });
});
