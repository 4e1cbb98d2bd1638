import Fastify, { FastifyInstance } from 'fastify';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { DomainError } from '../errors/domain-error';
import { errorBody, toDomainError } from '../errors/error-mapping';
import { AdmissionControl, AdmissionLimits, RETRY_AFTER_SECONDS } from './admission';

/** A response as admission control sees it: it closes (sent, or its client gone), and may be destroyed. */
class FakeResponse extends EventEmitter {
  destroyed = false;

  /** The answer went out. */
  finish(): void {
    this.emit('close');
  }

  /** The client went away. */
  abort(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

/** One request through admission control: whether and how it went on. */
function request(control: AdmissionControl) {
  const response = new FakeResponse();
  const outcome: { admitted: boolean; refused: DomainError | undefined } = { admitted: false, refused: undefined };
  control.enter(response as unknown as ServerResponse, (error) => {
    if (error) outcome.refused = error;
    else outcome.admitted = true;
  });
  return Object.assign(outcome, { response });
}

const limits = (overrides: Partial<AdmissionLimits> = {}): AdmissionLimits => ({
  maxInFlight: 2,
  maxQueued: 2,
  queueTimeoutMs: 1000,
  loopDelayTargetMs: 0,
  ...overrides,
});

describe('AdmissionControl', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('admits requests at once up to the in-flight limit, then queues them without letting them on', () => {
    const control = new AdmissionControl(limits());
    const [first, second, third] = [request(control), request(control), request(control)];
    expect([first.admitted, second.admitted, third.admitted]).toEqual([true, true, false]);
    expect(third.refused).toBeUndefined();
    expect([control.inFlight, control.queued]).toEqual([2, 1]);
  });

  it('hands a freed place to the longest-waiting request, whether the answer went out or the client left', () => {
    const control = new AdmissionControl(limits());
    const [first, second, third, fourth] = [request(control), request(control), request(control), request(control)];
    first.response.finish();
    expect([third.admitted, fourth.admitted]).toEqual([true, false]);
    second.response.abort();
    expect(fourth.admitted).toBe(true);
    expect([control.inFlight, control.queued]).toEqual([2, 0]);
    third.response.finish();
    fourth.response.finish();
    expect([control.inFlight, control.queued]).toEqual([0, 0]);
  });

  it('refuses at once with 503 overloaded and Retry-After when every place and waiting place is taken', () => {
    const control = new AdmissionControl(limits());
    for (let index = 0; index < 4; index++) request(control);
    const refused = request(control);
    expect(refused.admitted).toBe(false);
    const error = toDomainError(refused.refused);
    expect({ code: error.code, status: error.status, headers: error.headers, details: error.details }).toEqual({
      code: 'overloaded',
      status: 503,
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      details: { admission: 'queue_full' },
    });
    expect(errorBody(error, 'req-1', 'jsonrpc')).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, data: { reason: 'overloaded', admission: 'queue_full', requestId: 'req-1' } },
    });
    expect([control.shed('queue_full'), control.shed('queue_timeout')]).toEqual([1, 0]);
    expect([control.inFlight, control.queued]).toEqual([2, 2]);
  });

  it('with no queue, refuses every request past the in-flight limit', () => {
    const control = new AdmissionControl(limits({ maxInFlight: 1, maxQueued: 0 }));
    const [first, second] = [request(control), request(control)];
    expect(first.admitted).toBe(true);
    expect(second.refused?.code).toBe('overloaded');
    first.response.finish();
    expect(request(control).admitted).toBe(true);
  });

  it('refuses a request that waited the queue timeout, and gives each later one its own full wait', () => {
    const control = new AdmissionControl(limits({ maxInFlight: 1, queueTimeoutMs: 1000 }));
    request(control);
    const early = request(control);
    jest.advanceTimersByTime(600);
    const late = request(control);
    jest.advanceTimersByTime(399);
    expect(early.refused).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(early.refused?.details).toEqual({ admission: 'queue_timeout' });
    expect(late.refused).toBeUndefined();
    jest.advanceTimersByTime(599);
    expect(late.refused).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(late.refused?.code).toBe('overloaded');
    expect([control.shed('queue_timeout'), control.queued, control.inFlight]).toEqual([2, 0, 1]);
  });

  it('answers a waiting request only once: admitted before its timeout, it is never refused after', () => {
    const control = new AdmissionControl(limits({ maxInFlight: 1 }));
    const first = request(control);
    const waiting = request(control);
    jest.advanceTimersByTime(500);
    first.response.finish();
    jest.advanceTimersByTime(5000);
    expect(waiting).toMatchObject({ admitted: true, refused: undefined });
    expect(control.shed('queue_timeout')).toBe(0);
  });

  describe('with an event-loop delay target', () => {
    const adaptive = (overrides: Partial<AdmissionLimits> = {}) =>
      new AdmissionControl(limits({ maxInFlight: 64, maxQueued: 100, loopDelayTargetMs: 20, ...overrides }));

    it('lets fewer in while the loop is slow: a freed place is given back until what is in flight fits the lower limit', () => {
      const control = adaptive();
      const inFlight = Array.from({ length: 64 }, () => request(control));
      const waiting = request(control);
      control.adapt(50);
      expect(control.inFlightLimit).toBe(32);
      for (const held of inFlight.slice(0, 32)) held.response.finish();
      expect([waiting.admitted, control.inFlight, control.queued]).toEqual([false, 32, 1]);
      inFlight[32]?.response.finish();
      expect([waiting.admitted, control.inFlight, control.queued]).toEqual([true, 32, 0]);
    });

    it('grows the limit back step by step while the loop is fast and requests wait, letting none in while the rest are still in flight', () => {
      const control = adaptive({ maxInFlight: 40 });
      Array.from({ length: 40 }, () => request(control));
      control.adapt(50);
      expect(control.inFlightLimit).toBe(20);
      const [first, second] = [request(control), request(control)];
      control.adapt(5);
      expect(control.inFlightLimit).toBe(25);
      expect([first.admitted, second.admitted, control.inFlight]).toEqual([false, false, 40]);
      control.adapt(5);
      control.adapt(5);
      control.adapt(5);
      expect(control.inFlightLimit).toBe(40);
      expect([first.admitted, second.admitted, control.queued]).toEqual([false, false, 2]);
    });

    it('hands places to waiting requests when the limit rises above what is in flight', () => {
      const control = adaptive({ maxInFlight: 40 });
      const held = Array.from({ length: 40 }, () => request(control));
      control.adapt(50);
      for (const request of held.slice(0, 30)) request.response.finish();
      expect([control.inFlightLimit, control.inFlight]).toEqual([20, 10]);
      const waiting = Array.from({ length: 12 }, () => request(control));
      expect(waiting.filter((request) => request.admitted)).toHaveLength(10);
      control.adapt(5);
      expect(control.inFlightLimit).toBe(25);
      expect(waiting.every((request) => request.admitted)).toBe(true);
      expect([control.inFlight, control.queued]).toEqual([22, 0]);
    });

    it('keeps the configured limit without a target, however slow the loop', () => {
      const control = new AdmissionControl(limits({ maxInFlight: 64 }));
      control.adapt(500);
      expect(control.inFlightLimit).toBe(64);
    });
  });

  it('drops a waiting request whose client left, without answering it or counting it as shed', () => {
    const control = new AdmissionControl(limits({ maxInFlight: 1 }));
    const first = request(control);
    const gone = request(control);
    const next = request(control);
    gone.response.abort();
    first.response.finish();
    expect([gone.admitted, gone.refused, next.admitted]).toEqual([false, undefined, true]);
    const alsoGone = request(control);
    alsoGone.response.abort();
    jest.advanceTimersByTime(1000);
    expect([alsoGone.refused, control.shed('queue_timeout'), control.queued]).toEqual([undefined, 0, 0]);
  });

  it('lets a long-lived stream give its place back once, and ignores a response that holds none', () => {
    const control = new AdmissionControl(limits({ maxInFlight: 1, maxQueued: 1 }));
    const stream = request(control);
    const waiting = request(control);
    control.leave(stream.response as unknown as ServerResponse);
    expect(waiting.admitted).toBe(true);
    control.leave(stream.response as unknown as ServerResponse);
    stream.response.finish();
    expect([control.inFlight, control.queued]).toEqual([1, 0]);
    control.leave(new FakeResponse() as unknown as ServerResponse);
    expect(control.inFlight).toBe(1);
  });
});

describe('AdmissionControl on a Fastify server', () => {
  let fastify: FastifyInstance;
  let control: AdmissionControl;
  let base: string;
  /** Resolves once the slow handler runs, that is once its request holds the place. */
  let entered: Promise<void>;
  let enter: () => void;
  let unblock: () => void;

  beforeAll(async () => {
    fastify = Fastify();
    control = new AdmissionControl({ maxInFlight: 1, maxQueued: 0, queueTimeoutMs: 1000, loopDelayTargetMs: 0 });
    control.install(fastify, (url) => url === '/health');
    fastify.setErrorHandler((error, _request, reply) => {
      const mapped = toDomainError(error);
      void reply
        .code(mapped.status)
        .headers(mapped.headers ?? {})
        .send(errorBody(mapped, 'req', 'rest'));
    });
    fastify.get('/slow', () => {
      enter();
      return new Promise((resolve) => (unblock = () => resolve({ done: true })));
    });
    fastify.get('/health', () => ({ status: 'ok' }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const address = fastify.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(() => fastify.close());

  const slowCall = () => {
    entered = new Promise((resolve) => (enter = resolve));
    return fetch(`${base}/slow`);
  };

  it('refuses a second request while the first holds the only place, answers exempt routes, then admits again', async () => {
    jest.useRealTimers();
    const slow = slowCall();
    await entered;
    const refused = await fetch(`${base}/slow`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(await refused.json()).toMatchObject({ error: { code: 'overloaded', details: { admission: 'queue_full' } } });
    expect((await fetch(`${base}/health`)).status).toBe(200);

    unblock();
    expect(await (await slow).json()).toEqual({ done: true });
    // The place comes free when the first response closes, a tick after it was sent.
    while (control.inFlight > 0) await new Promise((resolve) => setImmediate(resolve));
    const next = slowCall();
    await entered;
    unblock();
    expect((await next).status).toBe(200);
    expect(control.shed('queue_full')).toBe(1);
  });
});
