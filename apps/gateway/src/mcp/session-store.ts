import { DomainError, registeredMetric } from '@lfc/common';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { KeyValueStore, Unsubscribe } from '@lfc/kv';
import { randomUUID } from 'node:crypto';
import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';

export const SESSION_TTL_SECONDS = Symbol('SESSION_TTL_SECONDS');
const SESSION_ENDED_CHANNEL = 'mcp:sessions:ended';
/** How long a replica trusts its own copy of a session before asking the shared store again. */
const LOCAL_CACHE_MS = 5_000;
/** Sliding expiry: a session used at least this often never expires while in use. */
const TOUCH_EVERY_MS = 60_000;
/** A session this replica has not served for this long no longer counts as active here. */
const ACTIVE_WINDOW_MS = 300_000;

const sessionsActive =
  registeredMetric('lfc_mcp_sessions_active', () => new Gauge({ name: 'lfc_mcp_sessions_active', help: 'MCP sessions this replica served in the last 5 minutes' }));
const sessionsStarted =
  registeredMetric('lfc_mcp_sessions_started_total', () => new Counter({ name: 'lfc_mcp_sessions_started_total', help: 'MCP sessions started, by transport', labelNames: ['transport'] }));
const sessionsEnded =
  registeredMetric('lfc_mcp_sessions_ended_total', () => new Counter({ name: 'lfc_mcp_sessions_ended_total', help: 'MCP sessions ended by the client or the stream closing' }));

const McpSessionSchema = z.object({
  id: z.string(),
  transport: z.enum(['streamable-http', 'sse']),
  protocolVersion: z.string(),
  userId: z.string(),
  keyId: z.string().nullable(),
  clientName: z.string().optional(),
  createdAt: z.number(),
});
export type McpSession = z.infer<typeof McpSessionSchema>;

interface LocalEntry {
  session: McpSession;
  checkedAt: number;
  touchedAt: number;
  /** False for a session begun while the shared store was unreachable: only this replica knows it yet. */
  shared: boolean;
}

function storeUnavailable(): DomainError {
  return new DomainError('dependency_unavailable', 'The shared session store is unreachable; retry shortly', { retryable: true });
}

/**
 * MCP sessions live in the shared store (Redis), so any gateway replica can serve any request of a
 * session and a restarted replica keeps serving sessions it never saw. Each replica keeps a
 * short-lived local copy; ending a session is broadcast so every replica forgets it at once.
 *
 * While the shared store is unreachable a replica keeps serving the sessions it knows from its
 * copy, begins new ones locally (written to the store once it answers again), and answers a
 * session it has never seen with a retryable `dependency_unavailable` error.
 */
@Injectable()
export class SessionStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly local = new Map<string, LocalEntry>();
  private readonly endedListeners = new Set<(sessionId: string) => void>();
  private unsubscribe: Unsubscribe | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kv: KeyValueStore,
    @Inject(SESSION_TTL_SECONDS) private readonly ttlSeconds: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.kv.subscribe(SESSION_ENDED_CHANNEL, (sessionId) => {
      this.local.delete(sessionId);
      for (const listener of this.endedListeners) listener(sessionId);
    });
    this.pruneTimer = setInterval(() => this.prune(), 30_000);
    this.pruneTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.unsubscribe?.();
  }

  private prune(): void {
    const cutoff = Date.now() - ACTIVE_WINDOW_MS;
    for (const [sessionId, entry] of this.local) if (entry.checkedAt < cutoff) this.local.delete(sessionId);
    sessionsActive.set(this.local.size);
  }

  onEnded(listener: (sessionId: string) => void): void {
    this.endedListeners.add(listener);
  }

  async create(fields: Omit<McpSession, 'id' | 'createdAt'>): Promise<McpSession> {
    const session: McpSession = { ...fields, id: randomUUID(), createdAt: Date.now() };
    const shared = await this.kv.set(this.key(session.id), JSON.stringify(session), this.ttlSeconds).then(
      () => true,
      () => false,
    );
    const now = Date.now();
    this.local.set(session.id, { session, checkedAt: now, touchedAt: now, shared });
    sessionsStarted.inc({ transport: session.transport });
    sessionsActive.set(this.local.size);
    return session;
  }

  async update(session: McpSession): Promise<void> {
    await this.kv.set(this.key(session.id), JSON.stringify(session), this.ttlSeconds).catch(() => {
      throw storeUnavailable();
    });
    const now = Date.now();
    this.local.set(session.id, { session, checkedAt: now, touchedAt: now, shared: true });
  }

  async get(sessionId: string): Promise<McpSession | undefined> {
    const now = Date.now();
    const entry = this.local.get(sessionId);
    if (entry && now - entry.checkedAt < LOCAL_CACHE_MS) return entry.session;

    let stored: string | null;
    try {
      stored = await this.kv.get(this.key(sessionId));
    } catch {
      if (!entry) throw storeUnavailable();
      // Trusted for another local period, so a store that holds each command until its timeout
      // costs that wait once per period, not on every request.
      entry.checkedAt = now;
      return entry.session;
    }
    if (stored === null && entry && !entry.shared) {
      const written = await this.kv.set(this.key(sessionId), JSON.stringify(entry.session), this.ttlSeconds).then(
        () => true,
        () => false,
      );
      this.local.set(sessionId, { ...entry, checkedAt: now, touchedAt: now, shared: written });
      return entry.session;
    }
    const parsed = stored === null ? undefined : McpSessionSchema.safeParse(JSON.parse(stored));
    if (stored === null || !parsed?.success) {
      this.local.delete(sessionId);
      return undefined;
    }
    const due = now - (entry?.touchedAt ?? 0) >= TOUCH_EVERY_MS;
    // A touch that fails is tried again on a later request; the session is still there.
    const touched = due && (await this.kv.set(this.key(sessionId), stored, this.ttlSeconds).then(() => true, () => false));
    this.local.set(sessionId, { session: parsed.data, checkedAt: now, touchedAt: touched ? now : (entry?.touchedAt ?? now), shared: true });
    return parsed.data;
  }

  /** Ends a session everywhere; returns whether it existed. */
  async end(sessionId: string): Promise<boolean> {
    const local = this.local.get(sessionId);
    let existed: boolean;
    try {
      existed = (await this.kv.delete(this.key(sessionId))) || local?.shared === false;
      await this.kv.publish(SESSION_ENDED_CHANNEL, sessionId);
    } catch {
      throw storeUnavailable();
    }
    this.local.delete(sessionId);
    if (existed) sessionsEnded.inc();
    sessionsActive.set(this.local.size);
    return existed;
  }

  private key(sessionId: string): string {
    return `mcp:session:${sessionId}`;
  }
}
