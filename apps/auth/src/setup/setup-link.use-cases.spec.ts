import { DomainError } from '@lfc/common';
import { CLI_ACTOR } from '../access/actor';
import { hashOpaqueToken } from '../access/opaque-token';
import { BrowserSessions } from '../sessions/browser-sessions';
import { inMemoryAuth, inMemoryLoginThrottle, recordingSigningKeys } from '../testing/in-memory';
import { hashPassword, verifyPassword } from '../users/passwords';
import { CompleteSetupUseCase, InspectSetupLinkUseCase, IssueSetupLinkUseCase } from './setup-link.use-cases';

const TTL_SECONDS = 86_400;
const NEW_PASSWORD = 'a brand new admin passphrase';
const client = { ip: '198.51.100.4', requestId: 'req-1', userAgent: 'spec' };

describe('setup links', () => {
  let now: number;
  let auth: ReturnType<typeof inMemoryAuth>;
  let issue: IssueSetupLinkUseCase;
  let inspect: InspectSetupLinkUseCase;
  let complete: CompleteSetupUseCase;
  let adminId: string;

  beforeEach(() => {
    now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const clock = () => now;
    auth = inMemoryAuth(clock);
    const { signingKeys } = recordingSigningKeys();
    const throttle = inMemoryLoginThrottle(auth.audit, clock);
    issue = new IssueSetupLinkUseCase(auth.users, auth.setupLinks, auth.audit, auth.unitOfWork, TTL_SECONDS, clock);
    inspect = new InspectSetupLinkUseCase(auth.setupLinks, auth.users, throttle, clock);
    complete = new CompleteSetupUseCase(
      auth.setupLinks,
      auth.users,
      new BrowserSessions(auth.refreshTokens, signingKeys, 3600, clock),
      auth.userEvents,
      auth.audit,
      throttle,
      auth.unitOfWork,
      clock,
    );
    adminId = auth.users.add({ email: 'admin@example.com', role: 'admin', username: 'admin' }).id;
  });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => `${(error as DomainError).code}: ${(error as DomainError).message}`,
    );
  const admin = () => auth.users.rows.find((row) => row.id === adminId)!;

  it('issues a link of 43 base64url characters, keeps only its hash and audits it', async () => {
    const link = await issue.execute(CLI_ACTOR, 'ADMIN@example.com');
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link).toMatchObject({ email: 'admin@example.com', expiresAt: new Date(now + TTL_SECONDS * 1000) });
    expect(auth.setupLinks.rows).toEqual([
      expect.objectContaining({ userId: adminId, tokenHash: hashOpaqueToken(link.token) }),
    ]);
    expect(JSON.stringify(auth.setupLinks.rows)).not.toContain(link.token);
    expect(auth.audit.records).toEqual([
      expect.objectContaining({ action: 'setup_link.issue', resource: `user:${adminId}`, details: expect.anything() }),
    ]);
    await expect(inspect.execute(link.token, client)).resolves.toEqual({
      email: 'admin@example.com',
      expiresAt: link.expiresAt.toISOString(),
    });
  });

  it('sets the password once: the second use of the link is refused, and the person is signed in', async () => {
    const { token } = await issue.execute(CLI_ACTOR, 'admin@example.com');
    const issued = await complete.execute({ token, password: NEW_PASSWORD }, client);
    expect(issued.session.user).toMatchObject({ id: adminId, role: 'admin' });
    expect(await verifyPassword(admin().passwordHash!, NEW_PASSWORD)).toBe(true);
    // The new password cuts off earlier tokens (announced after the commit), and the session carries the new version.
    expect(admin().tokenVersion).toBe(1);
    expect(auth.userEvents.announced).toEqual([
      { message: expect.objectContaining({ userId: adminId, tokenVersion: 1 }), beforeCommit: false },
    ]);
    expect(auth.refreshTokens.rows).toEqual([expect.objectContaining({ userId: adminId, tokenVersion: 1 })]);
    expect(auth.audit.records.map((record) => record.action)).toEqual(['setup_link.issue', 'user.password_set']);

    expect(await refusal(complete.execute({ token, password: 'another new passphrase' }, client))).toMatch(
      /^setup_link_invalid: /,
    );
    expect(await refusal(inspect.execute(token, client))).toMatch(/^setup_link_invalid: /);
    expect(await verifyPassword(admin().passwordHash!, NEW_PASSWORD)).toBe(true);
  });

  it('gives one answer for an unknown, a used, a replaced and an expired link', async () => {
    const used = (await issue.execute(CLI_ACTOR, 'admin@example.com')).token;
    await complete.execute({ token: used, password: NEW_PASSWORD }, client);
    const replaced = (await issue.execute(CLI_ACTOR, 'admin@example.com')).token;
    const expired = (await issue.execute(CLI_ACTOR, 'admin@example.com')).token;
    now += TTL_SECONDS * 1000;
    // Each from an address of its own, so the throttle (its own test below) stays out of the way.
    const from = (index: number) => ({ ...client, ip: `198.51.100.${10 + index}` });
    const answers = [
      await refusal(inspect.execute('x'.repeat(43), from(0))),
      await refusal(inspect.execute(used, from(1))),
      await refusal(inspect.execute(replaced, from(2))),
      await refusal(inspect.execute(expired, from(3))),
      await refusal(complete.execute({ token: expired, password: NEW_PASSWORD }, from(4))),
    ];
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^setup_link_invalid: /);
  });

  it('a newer link replaces the user’s unused ones', async () => {
    const older = (await issue.execute(CLI_ACTOR, 'admin@example.com')).token;
    const newer = (await issue.execute(CLI_ACTOR, 'admin@example.com')).token;
    expect(await refusal(inspect.execute(older, client))).toMatch(/^setup_link_invalid/);
    await expect(inspect.execute(newer, client)).resolves.toMatchObject({ email: 'admin@example.com' });
    expect(auth.audit.records.at(-1)?.details).toMatchObject({ replaced: 1 });
  });

  it('lets exactly one of two concurrent uses of a link set the password', async () => {
    const { token } = await issue.execute(CLI_ACTOR, 'admin@example.com');
    const outcomes = await Promise.all([
      refusal(complete.execute({ token, password: 'first concurrent passphrase' }, client)),
      refusal(complete.execute({ token, password: 'second concurrent passphrase' }, client)),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'accepted')).toHaveLength(1);
    expect(auth.audit.records.filter((record) => record.action === 'user.password_set')).toHaveLength(1);
  });

  it('leaves the link usable and the password unset when the audit record fails', async () => {
    const { token } = await issue.execute(CLI_ACTOR, 'admin@example.com');
    auth.audit.failNext();
    await expect(complete.execute({ token, password: NEW_PASSWORD }, client)).rejects.toThrow(/refused the record/);
    expect(admin().passwordHash).toBeNull();
    expect(auth.refreshTokens.rows).toEqual([]);
    await expect(complete.execute({ token, password: NEW_PASSWORD }, client)).resolves.toBeDefined();
  });

  it('refuses a short password before spending the link', async () => {
    const { token } = await issue.execute(CLI_ACTOR, 'admin@example.com');
    expect(await refusal(complete.execute({ token, password: 'short' }, client))).toMatch(/^validation_failed/);
    await expect(inspect.execute(token, client)).resolves.toBeDefined();
  });

  it('issues no link for an unknown, deactivated or second-factor user, and voids one whose user enrolled since', async () => {
    expect(await refusal(issue.execute(CLI_ACTOR, 'nobody@example.com'))).toMatch(/^not_found/);
    const { token } = await issue.execute(CLI_ACTOR, 'admin@example.com');
    await auth.users.update(adminId, { totpEnabled: true, passwordHash: await hashPassword('the old passphrase') });
    expect(await refusal(issue.execute(CLI_ACTOR, 'admin@example.com'))).toMatch(/^conflict: .*second factor/);
    expect(await refusal(complete.execute({ token, password: NEW_PASSWORD }, client))).toMatch(/^setup_link_invalid/);
    await auth.users.update(adminId, { totpEnabled: false, isActive: false });
    expect(await refusal(issue.execute(CLI_ACTOR, 'admin@example.com'))).toMatch(/^conflict: .*deactivated/);
    expect(await refusal(inspect.execute(token, client))).toMatch(/^setup_link_invalid/);
  });

  it('throttles guessing per client address with the login counters (429 with Retry-After)', async () => {
    // The spec throttle lets 3 failures through per address, then delays.
    for (let attempt = 0; attempt < 4; attempt++)
      expect(await refusal(inspect.execute(`${attempt}`.repeat(43), client))).toMatch(/^setup_link_invalid/);
    const blocked = await inspect.execute('z'.repeat(43), client).catch((error: unknown) => error);
    expect(blocked).toMatchObject({ code: 'rate_limited', headers: { 'retry-after': expect.any(String) } });
    expect(auth.audit.records.map((record) => record.action)).toContain('login.throttled');
    // Another address is not held up.
    expect(await refusal(inspect.execute('z'.repeat(43), { ...client, ip: '198.51.100.5' }))).toMatch(
      /^setup_link_invalid/,
    );
  });
});
