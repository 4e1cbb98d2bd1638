import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import pino from 'pino';
import { Counter, Gauge } from 'prom-client';
import { AdmissionControl } from '@lfc/common';
import { MemoryKeyValueStore } from '@lfc/kv';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CallerSlots } from './caller-slots';
import { SessionStore } from './session-store';
import { Announcement, SseStreams } from './sse-streams';

/** A request and reply pair that keeps what the stream writes. */
function exchange(): { request: FastifyRequest; reply: FastifyReply; written: () => string[] } {
  const chunks: string[] = [];
  const reply = {
    raw: Object.assign(new EventEmitter(), { destroyed: false }),
    code: () => reply,
    headers: () => reply,
    send: (body: Readable) => {
      body.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
      return reply;
    },
  };
  return {
    request: { raw: new EventEmitter() } as unknown as FastifyRequest,
    reply: reply as unknown as FastifyReply,
    // Only the messages: the keep-alive and opening comments are not part of what a client reads.
    written: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6)),
  };
}

describe('SseStreams', () => {
  let streams: SseStreams;
  let admission: AdmissionControl;
  const kv = new MemoryKeyValueStore();

  beforeEach(() => {
    const sessions = { onEnded: () => undefined } as unknown as SessionStore;
    const slots = new CallerSlots(
      kv,
      { kind: 'streams', limit: 10, setting: 'LFC_MAX_STREAMS_PER_KEY', code: 'too_many_streams' },
      pino({ level: 'silent' }),
      new Counter({ name: 'refusals', help: 'refusals', labelNames: ['limit'], registers: [] }),
    );
    const open = new Gauge({ name: 'open', help: 'open', labelNames: ['transport'], registers: [] });
    admission = new AdmissionControl({ maxInFlight: 2, maxQueued: 0, queueTimeoutMs: 1000, loopDelayTargetMs: 0 });
    streams = new SseStreams(kv, sessions, 60_000, slots, open, admission);
  });

  afterEach(() => streams.beforeApplicationShutdown());

  const changed = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };
  const tagged: Announcement = (notification) =>
    notification.method === 'notifications/tools/list_changed'
      ? { ...notification, params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 7 } } }
      : undefined;

  it('sends a broadcast to listening streams as each asked for it, and not to streams that answer one POST', async () => {
    const plain = exchange();
    const subscribed = exchange();
    const post = exchange();
    await streams.open(plain.request, plain.reply, {
      sessionId: undefined,
      transport: 'streamable-http',
      listens: true,
    });
    await streams.open(subscribed.request, subscribed.reply, {
      sessionId: undefined,
      transport: 'streamable-http',
      listens: true,
      announce: tagged,
    });
    await streams.open(post.request, post.reply, {
      sessionId: undefined,
      transport: 'streamable-http',
      listens: false,
    });

    streams.broadcast(changed);
    streams.broadcast({ jsonrpc: '2.0', method: 'notifications/prompts/list_changed' });
    await new Promise(setImmediate);

    expect(plain.written().map((data) => JSON.parse(data) as unknown)).toEqual([
      changed,
      { jsonrpc: '2.0', method: 'notifications/prompts/list_changed' },
    ]);
    expect(subscribed.written().map((data) => JSON.parse(data) as unknown)).toEqual([
      { ...changed, params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 7 } } },
    ]);
    expect(post.written()).toEqual([]);
  });

  it('sends a stream its farewell when the server closes it, and nothing more after', async () => {
    const listen = exchange();
    const farewell = { jsonrpc: '2.0', id: 7, result: { resultType: 'complete' } };
    await streams.open(listen.request, listen.reply, {
      sessionId: undefined,
      transport: 'streamable-http',
      listens: true,
      announce: tagged,
      farewell,
    });
    streams.beforeApplicationShutdown();
    streams.broadcast(changed);
    await new Promise(setImmediate);
    expect(listen.written().map((data) => JSON.parse(data) as unknown)).toEqual([farewell]);
  });

  it('sends no farewell when the client closed the stream', async () => {
    const listen = exchange();
    await streams.open(listen.request, listen.reply, {
      sessionId: undefined,
      transport: 'streamable-http',
      listens: true,
      farewell: { jsonrpc: '2.0', id: 7, result: {} },
    });
    listen.request.raw.emit('close');
    streams.beforeApplicationShutdown();
    await new Promise(setImmediate);
    expect(listen.written()).toEqual([]);
  });

  it("gives back the admission place of a stream that takes a caller's place, and keeps that of one POST's answer", async () => {
    const [listen, post] = [exchange(), exchange()];
    const admit = ({ reply }: { reply: FastifyReply }) =>
      admission.enter(reply.raw, (error) => expect(error).toBeUndefined());
    admit(listen);
    admit(post);
    expect(admission.inFlight).toBe(2);

    await streams.open(listen.request, listen.reply, {
      sessionId: undefined,
      transport: 'streamable-http',
      listens: true,
      holder: 'key-1',
    });
    await streams.open(post.request, post.reply, {
      sessionId: undefined,
      transport: 'streamable-http',
      listens: false,
    });
    expect(admission.inFlight).toBe(1);

    // The stream's response closing later gives nothing back twice; the POST's answer frees its own.
    listen.reply.raw.emit('close');
    expect(admission.inFlight).toBe(1);
    post.reply.raw.emit('close');
    expect(admission.inFlight).toBe(0);
  });
});
