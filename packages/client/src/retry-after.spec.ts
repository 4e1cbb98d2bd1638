import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 17 ', now)).toBe(17);
  });

  it('reads an HTTP date as the seconds until then, and a past date as 0', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('has nothing to say about a missing or unreadable value', () => {
    for (const value of [null, '', '  ', '-3', '1.5', 'soon', '2026-03-01'])
      expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
