import { AppLogger, DomainError, errorMessage, InjectLogger } from '@lfc/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { KeyValueStore, Unsubscribe } from '@lfc/kv';
import { DEPENDENCY_HEALTH_METRICS, DependencyHealth, DependencyHealthMetrics } from '@lfc/resilience';
import { rateLimitSubject } from '@lfc/identity';
import { randomUUID } from 'node:crypto';
import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import { CallerSlots } from './caller-slots';

export const SESSION_TTL_SECONDS = Symbol('SESSION_TTL_SECONDS');
/** The places of sessions per caller (LFC_MAX_SESSIONS_PER_KEY). */
export const SESSION_SLOTS = Symbol('SESSION_SLOTS');
/** Longest `clientInfo` field kept in a session; longer values are cut, not refused. */
export const CLIENT_INFO_MAX_LENGTH = 256;
const SESSION_ENDED_CHANNEL = 'mcp:sessions:ended';
/** How long a replica trusts its own copy of a session before asking the shared store again. */
const LOCAL_CACHE_MS = 5_000;
/** Sliding expiry: a session used at least this often never expires while in use. */
const TOUCH_EVERY_MS = 60_000;
/** A session this replica has not served for this long no longer counts as active here. */
const ACTIVE_WINDOW_MS = 300_000;
/**
 * While sessions known only to this replica exist, how often it tries to write them to the shared
 * store: as often as the rate limiter probes Redis, so other replicas serve them within a second
 * of its return.
 */
export const FLUSH_EVERY_MS = 250;

export const sessionMetricProviders = [
  makeGaugeProvider({
    name: 'lfc_mcp_sessions_active',
    help: 'MCP sessions this replica served in the last 5 minutes',
  }),
  makeCounterProvider({
    name: 'lfc_mcp_sessions_started_total',
    help: 'MCP sessions started, by transport',
    labelNames: ['transport'],
  }),
  makeCounterProvider({
    name: 'lfc_mcp_sessions_ended_total',
    help: 'MCP sessions ended by the client or the stream closing',
  }),
];

const McpSessionSchema = z.object({
  id: z.string(),
  transport: z.enum(['streamable-http', 'sse']),
  protocolVersion: z.string(),
  userId: z.string(),
  keyId: z.string().nullable(),
  clientName: z.string().optional(),
  /** The client declared form elicitation at `initialize` (2025-06-18 on), so it can be asked to confirm a call. */
  formElicitation: z.boolean().optional(),
  createdAt: z.number(),
});
export type McpSession = z.infer<typeof McpSessionSchema>;

interface LocalEntry {
  session: McpSession;
  checkedAt: number;
  touchedAt: number;
  /**
   * False while this copy is newer than the shared store's (a session begun, or changed, while the
   * store was unreachable): only this replica knows it, so it is written back and never pruned.
   */
  shared: boolean;
}

function storeUnavailable(): DomainError {
  return new DomainError('dependency_unavailable', 'The shared session store is unreachable; retry shortly', {
    retryable: true,
  });
}

/**
 * MCP sessions live in the shared store (Redis), so any gateway replica can serve any request of a
 * session and a restarted replica keeps serving sessions it never saw. Each replica keeps a
 * short-lived local copy; ending a session is broadcast so every replica forgets it at once.
 *
 * While the shared store is unreachable a replica keeps serving the sessions it knows from its
 * copy, begins and changes sessions locally, and answers a session it has never seen with a
 * retryable `dependency_unavailable` error. What only it knows is written back (and ends it could
 * not delete are deleted) in the background, every `FLUSH_EVERY_MS` until the store takes them.
 * No operation but ending a shared session the store cannot delete fails for the store's sake.
 */
@Injectable()
export class SessionStore implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger: AppLogger;
  /** No probe of its own: the write-back, every `FLUSH_EVERY_MS` while something waits for it, is the probe. */
  private readonly storeHealth: DependencyHealth;
  private readonly local = new Map<string, LocalEntry>();
  /** Sessions ended here while the store could not delete them, with the caller holding their place. */
  private readonly pendingEnds = new Map<string, string>();
  private readonly endedListeners = new Set<(sessionId: string) => void>();
  private unsubscribe: Unsubscribe | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly kv: KeyValueStore,
    @Inject(SESSION_TTL_SECONDS) private readonly ttlSeconds: number,
    @Inject(SESSION_SLOTS) private readonly slots: CallerSlots,
    @InjectLogger() logger: AppLogger,
    @InjectMetric('lfc_mcp_sessions_active') private readonly sessionsActive: Gauge,
    @InjectMetric('lfc_mcp_sessions_started_total') private readonly sessionsStarted: Counter<'transport'>,
    @InjectMetric('lfc_mcp_sessions_ended_total') private readonly sessionsEnded: Counter,
    @Inject(DEPENDENCY_HEALTH_METRICS) healthMetrics: DependencyHealthMetrics,
  ) {
    this.logger = logger.child({ context: 'McpSessions' });
    this.storeHealth = new DependencyHealth({
      dependency: 'redis:sessions',
      metrics: healthMetrics,
      log: this.logger,
      outageMessage: (error) =>
        `shared session store unreachable (${errorMessage(error)}): sessions this replica knows are served from its copy, new ones kept here and written back when it returns`,
      recoveryMessage: 'shared session store reachable again',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.kv.subscribe(SESSION_ENDED_CHANNEL, (sessionId) => {
      this.local.delete(sessionId);
      this.notifyEnded(sessionId);
    });
    this.pruneTimer = setInterval(() => this.prune(), 30_000);
    this.pruneTimer.unref();
  }

  /** One last write-back before the store closes, so sessions begun here outlive this process. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flushing;
    if (this.hasUnwritten()) await this.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pruneTimer);
    clearTimeout(this.flushTimer);
    await this.unsubscribe?.();
  }

  private prune(): void {
    const now = Date.now();
    for (const [sessionId, entry] of this.local) {
      // A session not yet written back exists nowhere else; it goes only when the store would have
      // expired it.
      const stale = entry.shared
        ? entry.checkedAt < now - ACTIVE_WINDOW_MS
        : entry.touchedAt < now - this.ttlSeconds * 1000;
      if (stale) this.local.delete(sessionId);
    }
    this.sessionsActive.set(this.local.size);
  }

  onEnded(listener: (sessionId: string) => void): void {
    this.endedListeners.add(listener);
  }

  /**
   * Begins a session unless its caller holds as many as the limit allows (refused with
   * `too_many_sessions`). The place is held until the session ends or expires unused.
   */
  async create(fields: Omit<McpSession, 'id' | 'createdAt'>): Promise<McpSession> {
    const clientName = fields.clientName === undefined ? undefined : cut(fields.clientName, CLIENT_INFO_MAX_LENGTH);
    const session: McpSession = { ...fields, clientName, id: randomUUID(), createdAt: Date.now() };
    await this.slots.take(rateLimitSubject(session), session.id, this.ttlSeconds * 1000);
    await this.save(session);
    this.sessionsStarted.inc({ transport: session.transport });
    this.sessionsActive.set(this.local.size);
    return session;
  }

  async update(session: McpSession): Promise<void> {
    await this.save(session);
  }

  /** Writes a session to the store, or keeps it locally (written back later) when the store cannot take it. */
  private async save(session: McpSession): Promise<void> {
    const shared = await this.write(session);
    const now = Date.now();
    this.local.set(session.id, { session, checkedAt: now, touchedAt: now, shared });
    if (!shared) this.scheduleFlush();
  }

  async get(sessionId: string): Promise<McpSession | undefined> {
    const now = Date.now();
    const entry = this.local.get(sessionId);
    if (entry && !entry.shared) {
      // Newer than the store's copy: the write-back sends it there; asking the store would only
      // find the older copy or none.
      entry.touchedAt = now;
      return entry.session;
    }
    if (entry && now - entry.checkedAt < LOCAL_CACHE_MS) return entry.session;

    const stored = await this.storeHealth.call(
      () => this.kv.get(this.key(sessionId)),
      () => undefined,
    );
    // Undefined: the store did not answer (`null` is its answer that there is no such session).
    if (stored === undefined) {
      if (!entry) throw storeUnavailable();
      // Trusted for another local period, so a store that holds each command until its timeout
      // costs that wait once per period, not on every request.
      entry.checkedAt = now;
      return entry.session;
    }
    const parsed = stored === null ? undefined : McpSessionSchema.safeParse(JSON.parse(stored));
    if (stored === null || !parsed?.success) {
      this.local.delete(sessionId);
      return undefined;
    }
    const due = now - (entry?.touchedAt ?? 0) >= TOUCH_EVERY_MS;
    // A touch that fails is tried again on a later request; the session is still there.
    const touched =
      due &&
      (await this.kv.set(this.key(sessionId), stored, this.ttlSeconds).then(
        () => true,
        () => false,
      ));
    // The session's place lapses when the session would, so an abandoned session frees it on expiry.
    if (touched) await this.slots.renew(rateLimitSubject(parsed.data), sessionId, this.ttlSeconds * 1000);
    this.local.set(sessionId, {
      session: parsed.data,
      checkedAt: now,
      touchedAt: touched ? now : (entry?.touchedAt ?? now),
      shared: true,
    });
    return parsed.data;
  }

  /**
   * Ends a session everywhere; returns whether it existed. Fails only when the store cannot delete
   * a session it holds. A session only this replica knows is ended here at once and deleted from
   * the store once it answers; a broadcast that fails after the delete is only logged (the other
   * replicas' copies run out within their 5 s trust).
   */
  async end(session: Pick<McpSession, 'id' | 'userId' | 'keyId'>): Promise<boolean> {
    const sessionId = session.id;
    const local = this.local.get(sessionId);
    const found = await this.storeHealth.call(
      () => this.kv.delete(this.key(sessionId)),
      () => undefined,
    );
    const deleted = found !== undefined;
    const existed = found === undefined || found || local?.shared === false;
    if (!deleted) {
      if (local?.shared !== false) throw storeUnavailable();
      this.pendingEnds.set(sessionId, rateLimitSubject(session));
      this.scheduleFlush();
    }
    this.forget(sessionId, existed);
    if (deleted) {
      this.pendingEnds.delete(sessionId);
      await this.slots.release(rateLimitSubject(session), sessionId);
      await this.broadcastEnd(sessionId);
    }
    return existed;
  }

  private forget(sessionId: string, existed: boolean): void {
    this.local.delete(sessionId);
    if (existed) this.sessionsEnded.inc();
    this.sessionsActive.set(this.local.size);
    // This replica's streams close now, whether or not the broadcast (which would also reach them) goes out.
    this.notifyEnded(sessionId);
  }

  private async broadcastEnd(sessionId: string): Promise<void> {
    try {
      await this.kv.publish(SESSION_ENDED_CHANNEL, sessionId);
    } catch (error) {
      this.logger.warn(
        `session ${sessionId} ended, but announcing it failed (${errorMessage(error)}); other replicas forget it within ${LOCAL_CACHE_MS / 1000} s`,
      );
    }
  }

  private notifyEnded(sessionId: string): void {
    for (const listener of this.endedListeners) listener(sessionId);
  }

  private hasUnwritten(): boolean {
    if (this.pendingEnds.size > 0) return true;
    for (const entry of this.local.values()) if (!entry.shared) return true;
    return false;
  }

  private scheduleFlush(): void {
    if (this.stopped || this.flushTimer || this.flushing) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.hasUnwritten()) this.scheduleFlush();
      });
    }, FLUSH_EVERY_MS);
    this.flushTimer.unref();
  }

  /**
   * Writes back what only this replica knows. The first write probes the store, so a store that
   * holds every command until its timeout costs one timeout per round, not one per session.
   */
  private async flush(): Promise<void> {
    const writes = [
      ...[...this.pendingEnds].map(
        ([sessionId, holder]) =>
          () =>
            this.writeEnd(sessionId, holder),
      ),
      ...[...this.local.values()].filter((entry) => !entry.shared).map((entry) => () => this.writeBack(entry)),
    ];
    const [probe, ...rest] = writes;
    if (!probe || !(await probe())) return;
    await Promise.all(rest.map((write) => write()));
  }

  private async writeBack(entry: LocalEntry): Promise<boolean> {
    const sessionId = entry.session.id;
    // Changed or ended since the round began: a later round (or the end) takes care of it.
    if (this.local.get(sessionId) !== entry) return true;
    if (!(await this.write(entry.session))) return false;
    if (this.local.get(sessionId) === entry) {
      const now = Date.now();
      this.local.set(sessionId, { ...entry, checkedAt: now, touchedAt: now, shared: true });
    } else if (!this.local.has(sessionId)) {
      // Ended while the write was on its way: the end's delete may have gone first.
      this.pendingEnds.set(sessionId, rateLimitSubject(entry.session));
    }
    return true;
  }

  private async writeEnd(sessionId: string, holder: string): Promise<boolean> {
    const deleted = await this.storeHealth.call(
      () => this.kv.delete(this.key(sessionId)).then(() => true),
      () => false,
    );
    if (!deleted) return false;
    this.pendingEnds.delete(sessionId);
    await this.slots.release(holder, sessionId);
    await this.broadcastEnd(sessionId);
    return true;
  }

  private write(session: McpSession): Promise<boolean> {
    return this.storeHealth.call(
      () => this.kv.set(this.key(session.id), JSON.stringify(session), this.ttlSeconds).then(() => true),
      () => false,
    );
  }

  private key(sessionId: string): string {
    return `mcp:session:${sessionId}`;
  }
}

/** At most `max` characters of `text`, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}
