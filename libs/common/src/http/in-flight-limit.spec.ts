import { AdaptiveInFlightLimit } from './in-flight-limit';

describe('AdaptiveInFlightLimit', () => {
  it('starts at the ceiling, so an idle process lets a burst in at once', () => {
    expect(new AdaptiveInFlightLimit(1024, 20).current).toBe(1024);
  });

  it('comes down to half of what is in flight while the loop is slower than the target, never below the floor', () => {
    const limit = new AdaptiveInFlightLimit(1024, 20);
    expect(limit.adjust(45, 900, false)).toBe(450);
    expect(limit.adjust(30, 450, true)).toBe(225);
    expect(limit.adjust(21, 100, true)).toBe(50);
    expect(limit.adjust(60, 50, true)).toBe(25);
    expect(limit.adjust(60, 25, true)).toBe(AdaptiveInFlightLimit.FLOOR);
    expect(limit.adjust(60, 16, true)).toBe(AdaptiveInFlightLimit.FLOOR);
  });

  it('grows by a quarter only while the loop is well under the target and the limit held requests back', () => {
    const limit = new AdaptiveInFlightLimit(100, 20);
    limit.adjust(40, 64, true);
    expect(limit.current).toBe(32);
    expect(limit.adjust(5, 32, false)).toBe(32);
    expect(limit.adjust(18, 32, true)).toBe(32);
    expect(limit.adjust(15, 32, true)).toBe(40);
    expect(limit.adjust(5, 40, true)).toBe(50);
    for (let step = 0; step < 10; step++) limit.adjust(5, limit.current, true);
    expect(limit.current).toBe(100);
  });

  it('keeps a ceiling below the floor as it is', () => {
    const limit = new AdaptiveInFlightLimit(4, 20);
    expect(limit.adjust(100, 4, true)).toBe(4);
  });

  it('stays at the ceiling without a target', () => {
    const limit = new AdaptiveInFlightLimit(1024, 0);
    expect(limit.adjust(500, 1024, true)).toBe(1024);
  });
});
