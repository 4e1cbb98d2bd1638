import { AppLogger, DomainError, ErrorCode, errorMessage } from '@lfc/common';
import { KeyValueStore, SharedScript } from '@lfc/kv';
import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';

export const CALLER_LIMIT_REFUSALS = 'lfc_mcp_caller_limit_refusals_total';
export type CallerLimitRefusals = Counter<'limit'>;
export const callerLimitRefusalsProvider = makeCounterProvider({
  name: CALLER_LIMIT_REFUSALS,
  help: 'MCP sessions and SSE streams refused because their caller held as many as its limit allows',
  labelNames: ['limit'],
});

/**
 * Takes a place unless the holder's set, pruned of expired places, is full; a place already held is
 * renewed. The set's own expiry follows its newest place, so an idle holder leaves nothing behind.
 */
const TAKE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[4]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

export interface CallerSlotsOptions {
  /** What is counted, for messages, keys and the metric: `sessions` or `streams`. */
  kind: 'sessions' | 'streams';
  limit: number;
  /** The setting that raises the limit, named in the refusal. */
  setting: string;
  code: Extract<ErrorCode, 'too_many_sessions' | 'too_many_streams'>;
}

/**
 * Places per caller (sessions, streams) counted across every replica. In Redis each holder has a
 * sorted set of its places scored by when each lapses, so a place whose replica died without giving
 * it back frees itself when its lease runs out; in-process the same is kept in memory. A store that
 * cannot answer never refuses a caller: the limit is then not enforced, and the failure is logged.
 */
export class CallerSlots {
  private readonly logger: AppLogger;
  private readonly local = new Map<string, Map<string, number>>();
  private readonly takeScript: SharedScript<number> | undefined;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly options: CallerSlotsOptions,
    logger: AppLogger,
    private readonly refusals: CallerLimitRefusals,
  ) {
    this.logger = logger.child({ context: 'CallerLimits' });
    this.takeScript = kv.shared?.script<number>(TAKE_SCRIPT);
  }

  get limit(): number {
    return this.options.limit;
  }

  /** Takes a place for `member` for `leaseMs`, or throws the refusal naming the limit. */
  async take(holder: string, member: string, leaseMs: number): Promise<void> {
    if (await this.tryTake(holder, member, leaseMs)) return;
    const { kind, limit, setting, code } = this.options;
    this.refusals.inc({ limit: kind });
    throw new DomainError(
      code,
      `Too many open MCP ${kind} for this credential: the limit is ${limit} (${setting}); close one and retry`,
      { limit, setting },
    );
  }

  /** Extends a place held (or takes it back after an outage), whatever the count. */
  async renew(holder: string, member: string, leaseMs: number): Promise<void> {
    const now = Date.now();
    const shared = this.kv.shared;
    if (!shared) {
      this.places(holder, now).set(member, now + leaseMs);
      return;
    }
    await shared
      .transaction()
      .zadd(this.key(holder), now + leaseMs, member)
      .pexpire(this.key(holder), leaseMs)
      .exec()
      .catch((error: unknown) =>
        this.logger.warn(`could not renew an MCP ${this.options.kind} place: ${errorMessage(error)}`),
      );
  }

  async release(holder: string, member: string): Promise<void> {
    const shared = this.kv.shared;
    if (!shared) {
      this.local.get(holder)?.delete(member);
      if (this.local.get(holder)?.size === 0) this.local.delete(holder);
      return;
    }
    // Not given back, the place lapses with its lease.
    await shared.zrem(this.key(holder), member).catch((error: unknown) => {
      this.logger.warn(`could not give back an MCP ${this.options.kind} place: ${errorMessage(error)}`);
    });
  }

  private async tryTake(holder: string, member: string, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const take = this.takeScript;
    if (!take) {
      const places = this.places(holder, now);
      if (!places.has(member) && places.size >= this.options.limit) return false;
      places.set(member, now + leaseMs);
      return true;
    }
    try {
      return (await take.run([this.key(holder)], [now, this.options.limit, now + leaseMs, member, leaseMs])) === 1;
    } catch (error) {
      this.logger.warn(
        `the MCP ${this.options.kind} limit is not enforced: the shared store did not answer (${errorMessage(error)})`,
      );
      return true;
    }
  }

  /** The holder's unexpired places in memory. */
  private places(holder: string, now: number): Map<string, number> {
    let places = this.local.get(holder);
    if (!places) {
      places = new Map();
      this.local.set(holder, places);
    }
    for (const [member, expiresAt] of places) if (expiresAt <= now) places.delete(member);
    return places;
  }

  private key(holder: string): string {
    return `${this.kv.prefix}mcp:${this.options.kind}:${holder}`;
  }
}
