import { TokenCutoff, TokenCutoffsResponse, USERS_CHANGED_CHANNEL } from '@lfc/contracts';
import { MemoryKeyValueStore } from '@lfc/kv';
import { DependencyHealthMetrics } from '@lfc/resilience';
import { dependencyValue, unregisteredDependencyHealthMetrics } from '@lfc/resilience/testing';
import pino from 'pino';
import { TokenCutoffSource, TokenCutoffs } from './token-cutoffs';

const HOUR = 3_600_000;
const GRACE = 300_000;
const START = Date.parse('2026-01-10T12:00:00.000Z');
const cutoff = (userId: string, tokenVersion: number, changedAt: number): TokenCutoff => ({
  userId,
  tokenVersion,
  changedAt: new Date(changedAt).toISOString(),
});

/** Auth's side: answers each load from a list the test edits, or fails when told to. */
class ScriptedSource extends TokenCutoffSource {
  cutoffs: TokenCutoff[] = [];
  lifetimeSeconds = 86_400;
  failing = false;
  readonly sinces: (string | undefined)[] = [];

  constructor(private readonly clock: () => number) {
    super();
  }

  load(since: string | undefined): Promise<TokenCutoffsResponse> {
    this.sinces.push(since);
    if (this.failing) return Promise.reject(new Error('auth is unreachable'));
    return Promise.resolve({
      cutoffs: this.cutoffs,
      asOf: new Date(this.clock()).toISOString(),
      tokenLifetimeSeconds: this.lifetimeSeconds,
    });
  }
}

/** A line as pino writes it. */
interface LogLine {
  level: number;
  context: string;
  msg: string;
}

describe('TokenCutoffs', () => {
  let lines: LogLine[];
  let now: number;
  let kv: MemoryKeyValueStore;
  let source: ScriptedSource;
  let cutoffs: TokenCutoffs;
  let healthMetrics: DependencyHealthMetrics;

  beforeEach(() => {
    now = START;
    kv = new MemoryKeyValueStore();
    source = new ScriptedSource(() => now);
    lines = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
    healthMetrics = unregisteredDependencyHealthMetrics();
    cutoffs = new TokenCutoffs(source, kv, { refreshMs: 30_000, retryMs: 5_000 }, logger, healthMetrics, () => now);
  });

  afterEach(async () => {
    await cutoffs.onApplicationShutdown();
  });

  const refused = (userId: string, tokenVersion: number | undefined) => {
    try {
      cutoffs.assertCurrent({ sub: userId, ver: tokenVersion, iat: Math.floor(now / 1000) });
      return false;
    } catch (error) {
      expect(error).toMatchObject({ code: 'revoked_token', status: 401 });
      return true;
    }
  };

  it('refuses tokens below the user’s version (and those without one), accepts the current version', () => {
    cutoffs.record(cutoff('u1', 2, START));
    expect(refused('u1', 1)).toBe(true);
    expect(refused('u1', undefined)).toBe(true);
    expect(refused('u1', 2)).toBe(false);
    expect(refused('someone-else', undefined)).toBe(false);
  });

  it('decides by version, not by time: a token of the same second as the change is refused or kept by its version alone', () => {
    // A login that read the user just before the change signs in the same second, at the old version;
    // the login right after it carries the new one.
    cutoffs.record(cutoff('u1', 1, START + 700));
    const issuedAfterTheChange = { sub: 'u1', iat: (START + 900) / 1000 };
    expect(() => cutoffs.assertCurrent({ ...issuedAfterTheChange, ver: 0 })).toThrow(
      expect.objectContaining({ code: 'revoked_token' }),
    );
    const issuedBeforeTheChange = { sub: 'u1', iat: START / 1000 };
    expect(() => cutoffs.assertCurrent({ ...issuedBeforeTheChange, ver: 1 })).not.toThrow();
  });

  it('keeps the highest version of a user, whatever order announcements and loads arrive in', () => {
    cutoffs.record(cutoff('u1', 3, START));
    cutoffs.record(cutoff('u1', 2, START + 1000));
    expect(refused('u1', 2)).toBe(true);
    expect(refused('u1', 3)).toBe(false);
  });

  it('loads cutoffs at start, then asks only for those since the last answer (with an overlap)', async () => {
    source.cutoffs = [cutoff('u1', 1, START - HOUR)];
    await cutoffs.onApplicationBootstrap();
    expect(source.sinces).toEqual([undefined]);
    expect(refused('u1', 0)).toBe(true);
    now += 30_000;
    await cutoffs.refresh();
    expect(source.sinces[1]).toBe(new Date(START - 60_000).toISOString());
  });

  it('applies announcements on auth:users:changed at once, ignoring malformed ones', async () => {
    await cutoffs.onApplicationBootstrap();
    await kv.publish(USERS_CHANGED_CHANNEL, JSON.stringify(cutoff('u2', 1, START)));
    await kv.publish(USERS_CHANGED_CHANNEL, 'not json');
    await kv.publish(USERS_CHANGED_CHANNEL, JSON.stringify({ userId: 'u3', tokenVersion: 'x' }));
    expect(refused('u2', 0)).toBe(true);
    expect(cutoffs.size).toBe(1);
  });

  it('prunes cutoffs older than one token lifetime plus the grace, using the lifetime auth reports', async () => {
    source.lifetimeSeconds = 2 * 3600;
    cutoffs.record(cutoff('old', 1, START - 3 * HOUR));
    cutoffs.record(cutoff('recent', 1, START - HOUR));
    expect(cutoffs.size).toBe(2);
    await cutoffs.refresh();
    expect(cutoffs.size).toBe(1);
    expect(refused('recent', 0)).toBe(true);
    // Kept through the grace after the lifetime, then dropped: every token it could refuse has expired.
    now = START + HOUR + GRACE - 1;
    cutoffs.prune();
    expect(cutoffs.size).toBe(1);
    now = START + HOUR + GRACE;
    cutoffs.prune();
    expect(cutoffs.size).toBe(0);
    cutoffs.record(cutoff('stale', 1, now - 2 * HOUR - GRACE));
    expect(cutoffs.size).toBe(0);
  });

  it('refuses tokens older than the lifetime auth issues now, so a shortened lifetime applies to tokens already out', async () => {
    const ageRefused = (issuedAt: number) => {
      try {
        cutoffs.assertCurrent({ sub: 'u1', ver: 0, iat: issuedAt / 1000 });
        return false;
      } catch (error) {
        expect(error).toMatchObject({ code: 'expired_token', status: 401 });
        return true;
      }
    };
    // Until auth has said which lifetime it issues, no token is refused for its age.
    expect(ageRefused(START - 48 * HOUR)).toBe(false);
    source.lifetimeSeconds = 3600;
    await cutoffs.refresh();
    expect(ageRefused(START - HOUR + 1000)).toBe(false);
    expect(ageRefused(START - HOUR)).toBe(true);
    // A cutoff dropped after one lifetime plus the grace can no longer matter: a token signed within
    // the grace after the change (a login that read the user just before it) is refused for its age.
    cutoffs.record(cutoff('u1', 1, START));
    now = START + HOUR + GRACE;
    cutoffs.prune();
    expect(cutoffs.size).toBe(0);
    expect(ageRefused(START + GRACE)).toBe(true);
  });

  it('starts when the source is unreachable, keeps the announcements, and loads everything once it answers', async () => {
    const sourceUp = () => dependencyValue(healthMetrics.up, 'auth:token-cutoffs');
    source.failing = true;
    await expect(cutoffs.onApplicationBootstrap()).resolves.toBeUndefined();
    await kv.publish(USERS_CHANGED_CHANNEL, JSON.stringify(cutoff('u2', 1, START)));
    expect(await cutoffs.refresh()).toBe(false);
    expect(refused('u2', 0)).toBe(true);
    // One outage, one warning, however many loads fail.
    expect(lines.filter((line) => line.level === 40)).toHaveLength(1);
    expect(await dependencyValue(healthMetrics.outages, 'auth:token-cutoffs')).toBe(1);
    expect(await sourceUp()).toBe(0);
    source.failing = false;
    source.cutoffs = [cutoff('u1', 4, START)];
    expect(await cutoffs.refresh()).toBe(true);
    expect(lines.at(-1)).toMatchObject({ level: 30, context: 'TokenCutoffs', msg: 'token cutoffs loaded again' });
    expect(await sourceUp()).toBe(1);
    expect(source.sinces.at(-1)).toBeUndefined();
    expect(refused('u1', 3)).toBe(true);
    expect(refused('u2', 0)).toBe(true);
  });
});
