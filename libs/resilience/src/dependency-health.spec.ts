import { ManualClock } from './clock';
import { CallDeadline, DependencyHealth, DependencyHealthOptions } from './dependency-health';
import { dependencyValue, unregisteredDependencyHealthMetrics } from './testing';

/** Lets settled promises run their callbacks (one event-loop turn, no time passes). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setUp(dependency: string, options: Partial<DependencyHealthOptions> = {}) {
  const clock = new ManualClock();
  const metrics = unregisteredDependencyHealthMetrics();
  const lines: string[] = [];
  const log = {
    warn: (message: string) => lines.push(`warn ${message}`),
    info: (message: string) => lines.push(`info ${message}`),
    debug: (message: string) => lines.push(`debug ${message}`),
  };
  const health = new DependencyHealth({
    dependency,
    metrics,
    log,
    outageMessage: (error) => `${dependency} away: ${String(error)}`,
    recoveryMessage: `${dependency} back`,
    clock,
    ...options,
  });
  const up = () => dependencyValue(metrics.up, dependency);
  const outages = () => dependencyValue(metrics.outages, dependency);
  return { clock, lines, health, up, outages };
}

const fails = () => Promise.reject(new Error('ECONNREFUSED'));
const answers = () => Promise.resolve('shared');
const local = () => 'local';

describe('DependencyHealth', () => {
  it('answers from the fallback on a failure, logs the outage once, and ends it on the next success', async () => {
    const { health, lines, up, outages } = setUp('spec:passive');
    expect(await up()).toBe(1);

    await expect(health.call(fails, local)).resolves.toBe('local');
    await expect(health.call(fails, local)).resolves.toBe('local');
    expect(health.up).toBe(false);
    expect(await up()).toBe(0);
    expect(await outages()).toBe(1);

    // Without a probe every call tries the dependency, so the first answer ends the outage.
    await expect(health.call(answers, local)).resolves.toBe('shared');
    expect(health.up).toBe(true);
    expect(await up()).toBe(1);
    expect(lines).toEqual(['warn spec:passive away: Error: ECONNREFUSED', 'info spec:passive back']);
  });

  it('while probed, skips the dependency entirely until a probe answers', async () => {
    let reachable = false;
    let probes = 0;
    const probe = () => {
      probes += 1;
      return reachable ? Promise.resolve() : Promise.reject(new Error('still away'));
    };
    const { health, clock, lines } = setUp('spec:probed', { probe, probeIntervalMs: 250 });
    await health.call(fails, local);

    const work = jest.fn(answers);
    await expect(health.call(work, local)).resolves.toBe('local');
    expect(work).not.toHaveBeenCalled();

    clock.advance(250);
    await settle();
    expect(probes).toBe(1);
    expect(health.up).toBe(false);

    reachable = true;
    clock.advance(250);
    await settle();
    expect(probes).toBe(2);
    expect(health.up).toBe(true);
    expect(clock.pendingTimers).toBe(0);
    await expect(health.call(work, local)).resolves.toBe('shared');
    expect(lines).toEqual(['warn spec:probed away: Error: ECONNREFUSED', 'info spec:probed back']);
  });

  it('treats a relapse soon after recovery as the same outage: one warning, not counted again', async () => {
    const { health, clock, lines, outages } = setUp('spec:flapping', { sameOutageMs: 2000 });
    await health.call(fails, local);
    await health.call(answers, local);
    clock.advance(1000);
    await health.call(fails, local);
    await health.call(answers, local);
    expect(await outages()).toBe(1);
    expect(lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);

    clock.advance(2500);
    await health.call(fails, local);
    expect(await outages()).toBe(2);
    expect(lines.filter((line) => line.startsWith('warn'))).toHaveLength(2);
  });

  it('starts the fallback afresh as each outage begins', async () => {
    const onDown = jest.fn();
    const { health } = setUp('spec:on-down', { onDown });
    await health.call(fails, local);
    await health.call(fails, local);
    expect(onDown).toHaveBeenCalledTimes(1);
  });

  it('stops probing once closed', async () => {
    const probe = jest.fn(() => Promise.reject(new Error('away')));
    const { health, clock } = setUp('spec:closed', { probe });
    await health.call(fails, local);
    health.close();
    clock.advance(10_000);
    expect(probe).not.toHaveBeenCalled();
  });

  describe('with a deadline', () => {
    const deadline: CallDeadline = { ms: 25, maxPeriods: 8, lateForOutage: 3 };

    /** Work that answers only when `answer` is called. */
    function pendingWork() {
      let answer: (value: string) => void = () => undefined;
      let fail: (error: Error) => void = () => undefined;
      const promise = new Promise<string>((resolve, reject) => {
        answer = resolve;
        fail = reject;
      });
      return { work: () => promise, answer: (value: string) => answer(value), fail: (error: Error) => fail(error) };
    }

    it('answers a silent call from the fallback, and a late failure of that call is the outage', async () => {
      const { health, clock } = setUp('spec:silent', { deadline });
      const silent = pendingWork();
      const outcome = health.call(silent.work, local);
      clock.advance(25);
      await settle();
      await expect(outcome).resolves.toBe('local');
      expect(health.up).toBe(true);

      silent.fail(new Error('Command timed out'));
      await settle();
      expect(health.up).toBe(false);
    });

    it('counts late answers in a row as an outage, but the calls one stall made late only once', async () => {
      const { health, clock } = setUp('spec:late', { deadline });
      const stalled = [pendingWork(), pendingWork(), pendingWork()];
      const outcomes = stalled.map((call) => health.call(call.work, local));
      clock.advance(25);
      await settle();
      await Promise.all(outcomes);
      expect(health.up).toBe(true);

      for (let round = 0; round < 2; round++) {
        const late = health.call(pendingWork().work, local);
        clock.advance(25);
        await settle();
        await late;
      }
      expect(health.up).toBe(false);
    });

    it('keeps waiting while the dependency answers other calls, so a slow one still decides', async () => {
      const { health, clock } = setUp('spec:busy', { deadline });
      const slow = pendingWork();
      const outcome = health.call(slow.work, local);
      // Another call answered within each period: the dependency is busy, not away.
      for (let period = 0; period < 3; period++) {
        await health.call(answers, local);
        clock.advance(25);
        await settle();
      }
      slow.answer('shared');
      await expect(outcome).resolves.toBe('shared');
      expect(health.up).toBe(true);
    });
  });
});
