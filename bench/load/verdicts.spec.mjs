import { failurePoint, memoryDrift, rampSteps, recoveryTime, stepFailures } from './verdicts.mjs';

const series = (values) => values.map((value, t) => ({ t, value }));

describe('memoryDrift', () => {
  it('compares the last tenth with the tenth after the warm-up fifth, not with the start', () => {
    // 0–2 s warm up from 100 to 200 MB; afterwards flat within 10 %.
    const drift = memoryDrift(series([100, 150, 200, 205, 210, 200, 215, 212, 210, 208, 215]));
    // Medians of t 2–3 (200, 205) and t 9–10 (208, 215).
    expect(drift).toMatchObject({ afterWarmUp: 202.5, end: 211.5, max: 215, flat: true });
    expect(drift.drift).toBeCloseTo(0.0444);
  });

  it('calls a steady climb after the warm-up a drift', () => {
    const drift = memoryDrift(series([100, 100, 100, 110, 120, 130, 140, 150, 160, 170, 180]));
    expect(drift.flat).toBe(false);
    expect(drift.drift).toBeCloseTo(70 / 105);
  });

  it('does not call the swing of garbage collections a drift, where two single samples would', () => {
    // A steady 700 MB with collections swinging it ±8 %; the run happens to end on a high one.
    const swings = Array.from({ length: 101 }, (_, t) => 700 * (1 + 0.08 * Math.sin(t * 1.7)));
    swings[20] = 650;
    swings[100] = 760;
    const drift = memoryDrift(series(swings));
    expect((swings[100] - swings[20]) / swings[20]).toBeGreaterThan(0.1);
    expect(drift.flat).toBe(true);
    expect(Math.abs(drift.drift)).toBeLessThan(0.05);
  });

  it('still sees a slow leak under the same swings', () => {
    const leaking = Array.from({ length: 101 }, (_, t) => (700 + 3 * t) * (1 + 0.08 * Math.sin(t * 1.7)));
    const drift = memoryDrift(series(leaking));
    expect(drift.flat).toBe(false);
    expect(drift.drift).toBeGreaterThan(0.2);
  });

  it('says nothing from fewer than two samples', () => {
    expect(memoryDrift(series([100]))).toBeUndefined();
  });
});

describe('failurePoint', () => {
  const steps = [
    { connections: 50, p99: 40, errorRate: 0 },
    { connections: 400, p99: 900, errorRate: 0.0005 },
    { connections: 800, p99: 2500, errorRate: 0.004 },
    { connections: 1600, p99: 3500, errorRate: 0 },
  ];

  it('is the first step past either limit, after the last one that held', () => {
    const point = failurePoint(steps);
    expect(point.failed.connections).toBe(800);
    expect(point.lastGood.connections).toBe(400);
    expect(point.reasons).toEqual(['errors 0.40 % > 0.1 %']);
  });

  it('names a p99 over 3 s and a step with no answer at all', () => {
    expect(stepFailures(steps[3])).toEqual(['p99 3500 ms > 3000 ms']);
    expect(stepFailures({ p99: undefined, errorRate: 1 })).toEqual(['no answers', 'errors 100.00 % > 0.1 %']);
  });

  it('has no failure point when every step held', () => {
    expect(failurePoint(steps.slice(0, 2))).toEqual({ failed: undefined, reasons: [], lastGood: steps[1] });
  });
});

describe('recoveryTime', () => {
  const window = (t, p50, requests = 10) => ({ t, seconds: 0.25, p50, requests });

  it('ends with the first of three windows in a row within 1.5 × the baseline p50', () => {
    const windows = [
      window(9.75, 900), // still under load: before the stop, ignored
      window(10, 800),
      window(10.25, 0, 0), // no answer at all is not recovered
      window(10.5, 14),
      window(10.75, 40), // one good window is not enough
      window(11, 12),
      window(11.25, 14),
      window(11.5, 15),
    ];
    expect(recoveryTime(windows, { stoppedAt: 10, baselineP50: 10 })).toBe(1.25);
  });

  it('is undefined when latency never comes back', () => {
    expect(recoveryTime([window(0, 50), window(0.25, 60), window(0.5, 70)], { stoppedAt: 0, baselineP50: 10 })).toBe(
      undefined,
    );
  });
});

describe('rampSteps', () => {
  it('climbs the ladder and ends at the limit', () => {
    expect(rampSteps(1000)).toEqual([50, 100, 200, 400, 800, 1000]);
    expect(rampSteps(800)).toEqual([50, 100, 200, 400, 800]);
  });
});
