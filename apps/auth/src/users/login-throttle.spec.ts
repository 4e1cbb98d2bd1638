import { CountedSubject, MemoryAttemptCounters, addressBucket, delaySchedule } from './login-throttle';

describe('delaySchedule', () => {
  it('lets the free attempts through, then doubles the delay from 1 s up to the cap, then locks out', () => {
    expect(delaySchedule({ freeAttempts: 3, lockoutAfter: 9 }, 4, 900)).toEqual([
      0, 0, 0, 1000, 2000, 4000, 4000, 4000, 900_000,
    ]);
  });
});

describe('MemoryAttemptCounters', () => {
  let now: number;
  let counters: MemoryAttemptCounters;
  const account: CountedSubject = {
    name: 'account',
    key: 'account:a',
    schedule: delaySchedule({ freeAttempts: 2, lockoutAfter: 5 }, 60, 900),
  };
  const ip: CountedSubject = {
    name: 'ip',
    key: 'ip:1',
    schedule: delaySchedule({ freeAttempts: 3, lockoutAfter: 10 }, 60, 900),
  };
  const WINDOW = 900_000;

  beforeEach(() => {
    now = 1_000_000;
    counters = new MemoryAttemptCounters(() => now);
  });

  it('blocks for growing delays, then locks out, and says how long to wait', async () => {
    expect(await counters.attempt([account], WINDOW)).toMatchObject({
      admitted: true,
      counted: [{ attempts: 1, delayMs: 0 }],
    });
    expect(await counters.attempt([account], WINDOW)).toMatchObject({
      admitted: true,
      counted: [{ attempts: 2, delayMs: 0 }],
    });
    expect(await counters.attempt([account], WINDOW)).toMatchObject({
      admitted: true,
      counted: [{ attempts: 3, delayMs: 1000 }],
    });
    expect(await counters.attempt([account], WINDOW)).toEqual({ admitted: false, blockedBy: 0, retryAfterMs: 1000 });
    now += 1000;
    expect(await counters.attempt([account], WINDOW)).toMatchObject({
      admitted: true,
      counted: [{ attempts: 4, delayMs: 2000 }],
    });
    now += 2000;
    expect(await counters.attempt([account], WINDOW)).toMatchObject({
      admitted: true,
      counted: [{ attempts: 5, delayMs: 900_000 }],
    });
    now += 899_999;
    expect(await counters.attempt([account], WINDOW)).toEqual({ admitted: false, blockedBy: 0, retryAfterMs: 1 });
    // The lock-out is temporary, and the next failure locks out again at once.
    now += 1;
    expect(await counters.attempt([account], WINDOW)).toMatchObject({
      admitted: true,
      counted: [{ attempts: 6, delayMs: 900_000 }],
    });
  });

  it('forgets attempts after the window without another, and at once when told to', async () => {
    for (let attempt = 0; attempt < 2; attempt++) await counters.attempt([account], WINDOW);
    now += WINDOW;
    expect(await counters.attempt([account], WINDOW)).toMatchObject({ counted: [{ attempts: 1 }] });
    await counters.forget(account.key);
    expect(await counters.attempt([account], WINDOW)).toMatchObject({ counted: [{ attempts: 1 }] });
  });

  it('refuses when the address is blocked, however fresh the account, and counts nothing then', async () => {
    for (let index = 0; index < 4; index++)
      await counters.attempt([{ ...account, key: `account:${index}` }, ip], WINDOW);
    expect(await counters.attempt([{ ...account, key: 'account:fresh' }, ip], WINDOW)).toEqual({
      admitted: false,
      blockedBy: 1,
      retryAfterMs: 1000,
    });
    now += 1000;
    expect(await counters.attempt([{ ...account, key: 'account:fresh' }, ip], WINDOW)).toMatchObject({
      counted: [{ attempts: 1 }, { attempts: 5 }],
    });
  });

  it('takes back an attempt that was not a guess', async () => {
    await counters.attempt([ip], WINDOW);
    await counters.uncount(ip.key);
    expect(await counters.attempt([ip], WINDOW)).toMatchObject({ counted: [{ attempts: 1 }] });
  });
});

describe('addressBucket', () => {
  it('counts IPv4 addresses one by one and IPv6 by their /64', () => {
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });
});
