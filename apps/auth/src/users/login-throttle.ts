import { Inject, Injectable } from '@nestjs/common';
import { AppLogger, DomainError, errorMessage, InjectLogger } from '@lfc/common';
import { KeyValueStore, SharedCommands, SharedScript } from '@lfc/kv';
import { DEPENDENCY_HEALTH_METRICS, DependencyHealth, DependencyHealthMetrics } from '@lfc/resilience';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { Actor } from '../access/actor';
import { CLOCK, Clock } from '../access/clock';
import { AuditTrail } from '../audit/audit-trail';
import { normaliseEmail } from './users.repository';

export const LOGIN_THROTTLE_SETTINGS = Symbol('LOGIN_THROTTLE_SETTINGS');

export interface ThrottleLimits {
  /** Attempts in a row that go through without delay. */
  freeAttempts: number;
  /** From this attempt on, each one locks out for `lockoutSeconds`. */
  lockoutAfter: number;
}

export interface LoginThrottleSettings {
  /** Attempts are forgotten after this long without another (counted from the end of any block). */
  failureWindowSeconds: number;
  account: ThrottleLimits;
  ip: ThrottleLimits;
  maxDelaySeconds: number;
  lockoutSeconds: number;
}

export type ThrottleSubject = 'account' | 'ip';

export const loginThrottledProvider = makeCounterProvider({
  name: 'lfc_login_throttled_total',
  help: 'Logins refused (429) while an account or a client address is blocked',
  labelNames: ['reason'],
});

/**
 * How long the n-th attempt in a row (index n-1) blocks the next one: nothing while attempts are
 * free, then 1 s doubling up to the cap, and the lock-out from `lockoutAfter` on (the last entry
 * holds for every later attempt).
 */
export function delaySchedule(limits: ThrottleLimits, maxDelaySeconds: number, lockoutSeconds: number): number[] {
  return Array.from({ length: limits.lockoutAfter }, (_, index) => {
    const attempt = index + 1;
    if (attempt >= limits.lockoutAfter) return lockoutSeconds * 1000;
    if (attempt <= limits.freeAttempts) return 0;
    return Math.min(1000 * 2 ** (attempt - limits.freeAttempts - 1), maxDelaySeconds * 1000);
  });
}

/** One counter of attempts and the block it may impose. */
export interface CountedSubject {
  name: ThrottleSubject;
  key: string;
  schedule: readonly number[];
}

export type AttemptReply =
  | { admitted: true; counted: { attempts: number; delayMs: number }[] }
  | { admitted: false; blockedBy: number; retryAfterMs: number };

/**
 * Counts login attempts: refused while any subject is blocked, otherwise counted on every subject
 * (before the password is checked, so parallel guesses cannot all slip in before a failure is
 * recorded) and blocked for the delay its count calls for, all in one step.
 */
export abstract class AttemptCounters {
  abstract attempt(subjects: readonly CountedSubject[], windowMs: number): Promise<AttemptReply>;
  /** Forgets the subject's attempts and its block: the account's owner logged in. */
  abstract forget(key: string): Promise<void>;
  /** Takes back one attempt that was not a guess (a success from an address). */
  abstract uncount(key: string): Promise<void>;
}

/** KEYS: (attempts, block) per subject. ARGV: window ms, then per subject its schedule's length and entries. */
const ATTEMPT_SCRIPT = `
local window = tonumber(ARGV[1])
local longest, which = 0, 0
for i = 1, #KEYS / 2 do
  local ttl = redis.call('PTTL', KEYS[2 * i])
  if ttl > longest then longest, which = ttl, i end
end
if which > 0 then return {0, which, longest} end
local reply = {1}
local at = 2
for i = 1, #KEYS / 2 do
  local length = tonumber(ARGV[at])
  local n = redis.call('INCR', KEYS[2 * i - 1])
  local delay = tonumber(ARGV[at + math.min(n, length)])
  redis.call('PEXPIRE', KEYS[2 * i - 1], window + delay)
  if delay > 0 then redis.call('SET', KEYS[2 * i], n, 'PX', delay) end
  reply[#reply + 1] = n
  reply[#reply + 1] = delay
  at = at + length + 1
end
return reply
`;

const UNCOUNT_SCRIPT = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/** Shared by every auth replica. */
export class RedisAttemptCounters extends AttemptCounters {
  private readonly attemptScript: SharedScript<number[]>;
  private readonly uncountScript: SharedScript<number>;

  constructor(
    private readonly redis: SharedCommands,
    private readonly prefix: string,
  ) {
    super();
    this.attemptScript = redis.script<number[]>(ATTEMPT_SCRIPT);
    this.uncountScript = redis.script<number>(UNCOUNT_SCRIPT);
  }

  async attempt(subjects: readonly CountedSubject[], windowMs: number): Promise<AttemptReply> {
    const keys = subjects.flatMap((subject) => [this.attemptsKey(subject.key), this.blockKey(subject.key)]);
    const args = subjects.flatMap((subject) => [subject.schedule.length, ...subject.schedule]);
    const reply = await this.attemptScript.run(keys, [windowMs, ...args]);
    if (reply[0] === 0) return { admitted: false, blockedBy: (reply[1] ?? 1) - 1, retryAfterMs: reply[2] ?? 0 };
    return {
      admitted: true,
      counted: subjects.map((_, index) => ({
        attempts: reply[1 + 2 * index] ?? 0,
        delayMs: reply[2 + 2 * index] ?? 0,
      })),
    };
  }

  async forget(key: string): Promise<void> {
    await this.redis.del([this.attemptsKey(key), this.blockKey(key)]);
  }

  async uncount(key: string): Promise<void> {
    await this.uncountScript.run([this.attemptsKey(key)], []);
  }

  private attemptsKey(key: string): string {
    return `${this.prefix}login:attempts:${key}`;
  }

  private blockKey(key: string): string {
    return `${this.prefix}login:block:${key}`;
  }
}

/** Entries past this many are swept of expired ones, so sprayed names cannot grow the map for long. */
const SWEEP_AT = 10_000;

/** One process (`npm start` without Redis), and each replica's fallback while Redis is away. */
export class MemoryAttemptCounters extends AttemptCounters {
  private readonly attempts = new Map<string, { count: number; expiresAt: number }>();
  private readonly blocks = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    super();
  }

  async attempt(subjects: readonly CountedSubject[], windowMs: number): Promise<AttemptReply> {
    const now = this.clock();
    if (this.attempts.size > SWEEP_AT) this.sweep(now);
    let blockedBy = -1;
    let retryAfterMs = 0;
    subjects.forEach((subject, index) => {
      const remaining = (this.blocks.get(subject.key) ?? 0) - now;
      if (remaining > retryAfterMs) [blockedBy, retryAfterMs] = [index, remaining];
    });
    if (blockedBy >= 0) return { admitted: false, blockedBy, retryAfterMs };
    const counted = subjects.map((subject) => {
      const current = this.attempts.get(subject.key);
      const attempts = (current && current.expiresAt > now ? current.count : 0) + 1;
      const delayMs = subject.schedule[Math.min(attempts, subject.schedule.length) - 1] ?? 0;
      this.attempts.set(subject.key, { count: attempts, expiresAt: now + windowMs + delayMs });
      if (delayMs > 0) this.blocks.set(subject.key, now + delayMs);
      return { attempts, delayMs };
    });
    return { admitted: true, counted };
  }

  async forget(key: string): Promise<void> {
    this.attempts.delete(key);
    this.blocks.delete(key);
  }

  async uncount(key: string): Promise<void> {
    const current = this.attempts.get(key);
    if (current && current.count > 0) current.count -= 1;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.attempts) if (entry.expiresAt <= now) this.attempts.delete(key);
    for (const [key, until] of this.blocks) if (until <= now) this.blocks.delete(key);
  }
}

/** An address as counted: IPv6 by its /64, the block one subscriber usually holds. */
export function addressBucket(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? front
      : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** What one admitted attempt counted, to settle once its outcome is known. */
export interface LoginAttempt {
  subjects: CountedSubject[];
  counted: { attempts: number; delayMs: number }[];
  /** The account tried; null for an attempt that names none (a setup link). */
  email: string | null;
}

/**
 * Throttles password guessing per account and per client address, across auth replicas (Redis;
 * in-process under `npm start`, and on each replica while Redis is away). Unknown emails are
 * counted like known ones, so a refusal says nothing about whether an account exists. A lock-out is
 * temporary, and the per-address limit catches spraying one password over many accounts.
 */
@Injectable()
export class LoginThrottle {
  private readonly local: MemoryAttemptCounters;
  private readonly shared: RedisAttemptCounters | undefined;
  private readonly schedules: Record<ThrottleSubject, number[]>;
  private readonly sharedHealth: DependencyHealth;

  constructor(
    kv: KeyValueStore,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGIN_THROTTLE_SETTINGS) private readonly settings: LoginThrottleSettings,
    @InjectLogger() logger: AppLogger,
    @InjectMetric('lfc_login_throttled_total') private readonly throttled: Counter<'reason'>,
    @Inject(DEPENDENCY_HEALTH_METRICS) healthMetrics: DependencyHealthMetrics,
  ) {
    this.sharedHealth = new DependencyHealth({
      dependency: 'redis:login-throttle',
      metrics: healthMetrics,
      log: logger.child({ context: 'LoginThrottle' }),
      outageMessage: (error) =>
        `Redis failed (${errorMessage(error)}): each replica throttles logins on its own until it is back`,
      recoveryMessage: 'Redis answers again: login throttling is shared across replicas',
    });
    this.local = new MemoryAttemptCounters(clock);
    this.shared = kv.shared ? new RedisAttemptCounters(kv.shared, kv.prefix) : undefined;
    this.schedules = {
      account: delaySchedule(settings.account, settings.maxDelaySeconds, settings.lockoutSeconds),
      ip: delaySchedule(settings.ip, settings.maxDelaySeconds, settings.lockoutSeconds),
    };
  }

  /** Counts an attempt before its credentials are checked, or refuses it with 429 while blocked. */
  async admit(email: string, ip: string | null): Promise<LoginAttempt> {
    const account: CountedSubject = {
      name: 'account',
      key: `account:${createHash('sha256').update(normaliseEmail(email)).digest('hex')}`,
      schedule: this.schedules.account,
    };
    return this.admitSubjects([account, ...this.addressSubjects(ip)], email);
  }

  /**
   * Counts an attempt that names no account (a setup link's token) against the client address
   * alone, with the same counters as logins: guessing tokens and guessing passwords share one budget.
   */
  async admitAddress(ip: string | null): Promise<LoginAttempt> {
    return this.admitSubjects(this.addressSubjects(ip), null);
  }

  private addressSubjects(ip: string | null): CountedSubject[] {
    return ip ? [{ name: 'ip', key: `ip:${addressBucket(ip)}`, schedule: this.schedules.ip }] : [];
  }

  private async admitSubjects(subjects: CountedSubject[], email: string | null): Promise<LoginAttempt> {
    if (subjects.length === 0) return { subjects, counted: [], email };
    const reply = await this.counters((counters) =>
      counters.attempt(subjects, this.settings.failureWindowSeconds * 1000),
    );
    if (!reply.admitted) {
      this.throttled.inc({ reason: subjects[reply.blockedBy]?.name ?? 'account' });
      const seconds = Math.max(1, Math.ceil(reply.retryAfterMs / 1000));
      throw new DomainError(
        'rate_limited',
        `Too many failed attempts: try again in ${seconds} s`,
        { retryAfterSeconds: seconds },
        { 'retry-after': String(seconds) },
      );
    }
    return { subjects, counted: reply.counted, email };
  }

  /** The attempt failed: each block it started (delay or lock-out) goes into the audit trail. */
  async failed(attempt: LoginAttempt, actor: Actor): Promise<void> {
    for (const [index, subject] of attempt.subjects.entries()) {
      const counted = attempt.counted[index];
      if (!counted || counted.delayMs === 0) continue;
      await this.audit.record(actor, 'login.throttled', `login:${subject.name}`, {
        reason: subject.name,
        ...(attempt.email === null ? {} : { email: attempt.email.slice(0, 254) }),
        attempts: counted.attempts,
        retryAfterSeconds: Math.ceil(counted.delayMs / 1000),
        lockedOut: counted.attempts >= this.settings[subject.name].lockoutAfter,
      });
    }
  }

  /** The owner logged in: the account starts afresh; the address gets back the attempt that was no guess. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    for (const subject of attempt.subjects) {
      await this.counters((counters) =>
        subject.name === 'account' ? counters.forget(subject.key) : counters.uncount(subject.key),
      );
    }
  }

  private async counters<T>(work: (counters: AttemptCounters) => Promise<T>): Promise<T> {
    const shared = this.shared;
    if (!shared) return work(this.local);
    return this.sharedHealth.call(
      () => work(shared),
      () => work(this.local),
    );
  }
}
