import { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppLogger, DomainError, errorMessage } from '@lfc/common';
import {
  AccessTokenClaims,
  TOKEN_CUTOFF_GRACE_SECONDS,
  TokenCutoff,
  TokenCutoffsResponse,
  USERS_CHANGED_CHANNEL,
  UsersChangedMessageSchema,
} from '@lfc/contracts';
import { KeyValueStore, Unsubscribe } from '@lfc/kv';
import { DependencyHealth, DependencyHealthMetrics } from '@lfc/resilience';

/** Where the cutoffs come from: auth's internal API (gateway, cost-accounting) or auth's own table (auth). */
export abstract class TokenCutoffSource {
  abstract load(since: string | undefined): Promise<TokenCutoffsResponse>;
}

export interface TokenCutoffsOptions {
  /** How often the cutoffs are reloaded, in case an announcement was missed. */
  refreshMs: number;
  /** How soon a failed load is tried again. */
  retryMs: number;
}

/**
 * Each reload asks for the cutoffs since the previous answer's `asOf` less this much: a change whose
 * transaction committed just after that read (stamped just before it) is still picked up.
 */
const SINCE_OVERLAP_MS = 60_000;

interface Cutoff {
  tokenVersion: number;
  changedAt: number;
}

/**
 * User id → the token version that user's access tokens must carry now, held in memory so the check
 * costs a map lookup. Auth raises a user's version when they are deactivated, re-roled or change their
 * password, and puts the version in every token it signs (`ver`), so a token from before the change
 * is refused exactly: no clock is compared, not even within the second of the change. Fed by auth's
 * announcements on `auth:users:changed` (every replica within moments) and by a load at start plus a
 * periodic reload (a service started after a change, or one that missed an announcement). A load
 * that fails is logged and retried; it never fails a request.
 */
export class TokenCutoffs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly cutoffs = new Map<string, Cutoff>();
  /** The lifetime auth issues tokens with now; unknown (nothing pruned, no age checked) until the first load. */
  private lifetimeSeconds: number | undefined;
  private since: string | undefined;
  /** Probed by the reload itself, every `retryMs` while it fails. */
  private readonly sourceHealth: DependencyHealth;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly source: TokenCutoffSource,
    private readonly kv: KeyValueStore,
    private readonly options: TokenCutoffsOptions,
    logger: AppLogger,
    healthMetrics: DependencyHealthMetrics,
    private readonly now: () => number = Date.now,
  ) {
    // Once per outage; until it ends, the announcements alone keep the cutoffs current.
    this.sourceHealth = new DependencyHealth({
      dependency: 'auth:token-cutoffs',
      metrics: healthMetrics,
      log: logger.child({ context: 'TokenCutoffs' }),
      outageMessage: (error) =>
        `could not load the token cutoffs, retrying every ${options.retryMs} ms: ${errorMessage(error)}`,
      recoveryMessage: 'token cutoffs loaded again',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Subscribed before the first load, so a change made meanwhile is not missed.
    this.unsubscribe = await this.kv.subscribeJson(USERS_CHANGED_CHANNEL, UsersChangedMessageSchema, (cutoff) => {
      this.record(cutoff);
    });
    await this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.unsubscribe?.();
  }

  /**
   * Refuses a token of this user signed at a lower version (`ver`; tokens without one are version 0),
   * and a token older than the lifetime auth issues now. The second makes a shortened lifetime apply
   * to the tokens already out, which is what lets a cutoff go once one lifetime (plus the grace) has passed.
   */
  assertCurrent(claims: Pick<AccessTokenClaims, 'sub' | 'ver' | 'iat'>): void {
    if (this.lifetimeSeconds !== undefined && (claims.iat + this.lifetimeSeconds) * 1000 <= this.now()) {
      throw new DomainError('expired_token', 'The token is older than the token lifetime: log in again');
    }
    const cutoff = this.cutoffs.get(claims.sub);
    if (cutoff !== undefined && (claims.ver ?? 0) < cutoff.tokenVersion) {
      throw new DomainError('revoked_token', "The token was issued before this account's access changed: log in again");
    }
  }

  /** From now on tokens of the user below this version are refused; a higher version already known wins. */
  record(cutoff: TokenCutoff): void {
    const changedAt = Date.parse(cutoff.changedAt);
    if (!Number.isFinite(changedAt) || changedAt <= this.oldestKept()) return;
    const known = this.cutoffs.get(cutoff.userId);
    if (known === undefined || cutoff.tokenVersion > known.tokenVersion) {
      this.cutoffs.set(cutoff.userId, { tokenVersion: cutoff.tokenVersion, changedAt });
    }
  }

  /** How many users have a cutoff that can still refuse a live token. */
  get size(): number {
    return this.cutoffs.size;
  }

  /** Loads the cutoffs changed since the last load; false when the source could not be reached. */
  async refresh(): Promise<boolean> {
    try {
      const answer = await this.source.load(this.since);
      this.lifetimeSeconds = answer.tokenLifetimeSeconds;
      for (const cutoff of answer.cutoffs) this.record(cutoff);
      this.since = new Date(Date.parse(answer.asOf) - SINCE_OVERLAP_MS).toISOString();
      this.sourceHealth.succeeded();
      return true;
    } catch (error) {
      this.sourceHealth.failed(error);
      return false;
    } finally {
      this.prune();
    }
  }

  /** Drops cutoffs older than one token lifetime (plus the grace): every token they could refuse has expired. */
  prune(): void {
    const oldest = this.oldestKept();
    for (const [userId, cutoff] of this.cutoffs) if (cutoff.changedAt <= oldest) this.cutoffs.delete(userId);
  }

  private oldestKept(): number {
    if (this.lifetimeSeconds === undefined) return -Infinity;
    return this.now() - (this.lifetimeSeconds + TOKEN_CUTOFF_GRACE_SECONDS) * 1000;
  }

  private async tick(): Promise<void> {
    const loaded = await this.refresh();
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), loaded ? this.options.refreshMs : this.options.retryMs);
    this.timer.unref();
  }
}
