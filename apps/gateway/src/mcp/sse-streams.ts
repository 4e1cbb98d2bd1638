import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { AdmissionControl } from '@lfc/common';
import { KeyValueStore, Unsubscribe } from '@lfc/kv';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { InjectMetric, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import { Gauge } from 'prom-client';
import { CallerSlots } from './caller-slots';
import { SessionStore } from './session-store';

export const SSE_KEEPALIVE_MS = Symbol('SSE_KEEPALIVE_MS');
/** The places of open streams per caller (LFC_MAX_STREAMS_PER_KEY). */
export const STREAM_SLOTS = Symbol('STREAM_SLOTS');
/** Keep-alives a stream's place outlives, so a replica that dies without closing it frees it soon. */
const LEASE_KEEPALIVES = 3;
/** How long opening a stream waits for the store to confirm its subscription. */
const SUBSCRIBE_WAIT_MS = 1_000;

export const openStreamsProvider = makeGaugeProvider({
  name: 'lfc_mcp_open_sse_streams',
  help: 'Open SSE streams on this gateway',
  labelNames: ['transport'],
});

/** Channel that carries server-to-client messages of one session to whichever replica holds its stream. */
export function sessionChannel(sessionId: string): string {
  return `mcp:session:${sessionId}:messages`;
}

export interface SseStream {
  readonly sessionId: string | undefined;
  send(event: string, data: string): void;
  close(): void;
}

/** A notification as a listening stream sends it, or undefined when the stream did not ask for it. */
export type Announcement = (notification: Record<string, unknown>) => Record<string, unknown> | undefined;

interface OpenStream extends SseStream {
  /** Whether this stream takes server-initiated messages (a GET stream) or only answers one POST. */
  listens: boolean;
  announce?: Announcement;
  /** Sent before the server itself closes the stream (shutdown), so the client knows it ended cleanly. */
  farewell?: object;
}

/**
 * The SSE streams open on this replica. Messages for a session arrive through the shared store's
 * pub/sub, so a POST handled by another replica still reaches the client's stream here.
 */
@Injectable()
export class SseStreams implements BeforeApplicationShutdown {
  private readonly streams = new Set<OpenStream>();

  constructor(
    private readonly kv: KeyValueStore,
    sessions: SessionStore,
    @Inject(SSE_KEEPALIVE_MS) private readonly keepAliveMs: number,
    @Inject(STREAM_SLOTS) private readonly slots: CallerSlots,
    @InjectMetric('lfc_mcp_open_sse_streams') private readonly openStreams: Gauge<'transport'>,
    private readonly admission: AdmissionControl,
  ) {
    sessions.onEnded((sessionId) => {
      for (const stream of this.streams) if (stream.sessionId === sessionId) stream.close();
    });
  }

  /**
   * Sends a message to a session's stream on whichever replica holds it; returns how many received
   * it. Never rejects: when the store cannot carry it (or nobody listens there yet, such as a
   * stream whose subscription the store has not confirmed), a stream of the session open on this
   * replica gets it directly.
   */
  async deliver(sessionId: string, message: unknown): Promise<number> {
    const data = JSON.stringify(message);
    const receivers = await this.kv.publish(sessionChannel(sessionId), data).catch(() => 0);
    if (receivers > 0) return receivers;
    let local = 0;
    for (const stream of this.streams) {
      if (stream.listens && stream.sessionId === sessionId) {
        stream.send('message', data);
        local++;
      }
    }
    return local;
  }

  /** Sends a notification to every listening stream open on this replica, as each asked for it. */
  broadcast(message: Record<string, unknown>): void {
    const data = JSON.stringify(message);
    for (const stream of this.streams) {
      if (!stream.listens) continue;
      if (!stream.announce) {
        stream.send('message', data);
        continue;
      }
      const announced = stream.announce(message);
      if (announced) stream.send('message', JSON.stringify(announced));
    }
  }

  async open(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      sessionId: string | undefined;
      transport: 'streamable-http' | 'sse';
      listens: boolean;
      headers?: Record<string, string>;
      /**
       * The caller whose place a long-lived stream takes (refused with `too_many_streams` when it
       * holds as many as allowed); a stream that only carries one POST's answers takes none.
       */
      holder?: string;
      onClose?: () => void;
      /** How this stream sends what `broadcast` carries (MCP 2026-07-28 tags it with the subscription). */
      announce?: Announcement;
      farewell?: object;
    },
  ): Promise<SseStream> {
    const leaseMs = this.keepAliveMs * LEASE_KEEPALIVES;
    const place = options.holder === undefined ? undefined : { holder: options.holder, id: randomUUID() };
    if (place) {
      await this.slots.take(place.holder, place.id, leaseMs);
      // A long-lived stream is bounded by the caller's stream places, not by the gateway's places in
      // flight: it would hold one for hours and starve the calls.
      this.admission.leave(reply.raw);
    }
    const body = new PassThrough();
    let closed = false;
    let unsubscribe: Unsubscribe | undefined;
    const keepAlive = setInterval(() => {
      body.write(': keep-alive\n\n');
      if (place) void this.slots.renew(place.holder, place.id, leaseMs);
    }, this.keepAliveMs);
    const stream: OpenStream = {
      sessionId: options.sessionId,
      listens: options.listens,
      announce: options.announce,
      farewell: options.farewell,
      send: (event, data) => {
        if (!closed) body.write(`event: ${event}\ndata: ${data}\n\n`);
      },
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(keepAlive);
        if (place) void this.slots.release(place.holder, place.id);
        this.streams.delete(stream);
        this.openStreams.dec({ transport: options.transport });
        unsubscribe?.().catch(() => undefined);
        body.end();
        options.onClose?.();
      },
    };
    this.streams.add(stream);
    this.openStreams.inc({ transport: options.transport });
    request.raw.once('close', () => stream.close());

    void reply
      .code(200)
      .headers({
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Tells nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
        ...options.headers,
      })
      .send(body);
    // An initial comment makes proxies and clients see the stream open at once.
    body.write(': stream open\n\n');
    if (options.sessionId && options.listens)
      await this.listen(
        stream,
        options.sessionId,
        (next) => (unsubscribe = next),
        () => closed,
      );
    return stream;
  }

  /**
   * Subscribes the stream to its session's channel. Waits for the store to confirm for at most
   * `SUBSCRIBE_WAIT_MS` (so a message published right after the stream opens is not missed), but
   * an unreachable store (whose client queues the subscription until it is back) never holds the
   * stream: until then `deliver` hands this replica's messages to it directly.
   */
  private async listen(
    stream: OpenStream,
    sessionId: string,
    keep: (unsubscribe: Unsubscribe) => void,
    isClosed: () => boolean,
  ): Promise<void> {
    const subscribed = this.kv
      .subscribe(sessionChannel(sessionId), (data) => stream.send('message', data))
      .then(
        (unsubscribe) => {
          if (isClosed()) unsubscribe().catch(() => undefined);
          else keep(unsubscribe);
        },
        () => undefined,
      );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([subscribed, new Promise<void>((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  beforeApplicationShutdown(): void {
    for (const stream of [...this.streams]) {
      if (stream.farewell) stream.send('message', JSON.stringify(stream.farewell));
      stream.close();
    }
  }
}
