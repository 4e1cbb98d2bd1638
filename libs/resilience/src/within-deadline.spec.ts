import { DeadlineMissed, withinDeadline } from './within-deadline';

describe('withinDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A reply that arrives after `ms` of (fake) time. */
  const replyAfter = (ms: number) => new Promise<string>((resolve) => setTimeout(() => resolve('reply'), ms));

  it('gives up after one period on a Redis that answers nothing', async () => {
    const outcome = withinDeadline(replyAfter(60), 25, () => false, 8);
    const settled = outcome.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(30);
    expect(await settled).toBeInstanceOf(DeadlineMissed);
  });

  it('keeps waiting while Redis answers other calls, so a busy Redis still decides', async () => {
    const outcome = withinDeadline(replyAfter(60), 25, () => true, 8);
    await jest.advanceTimersByTimeAsync(70);
    await expect(outcome).resolves.toBe('reply');
  });

  it('waits at most the given number of periods, even while Redis answers others', async () => {
    const outcome = withinDeadline(replyAfter(500), 25, () => true, 4);
    const settled = outcome.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(110);
    expect(await settled).toBeInstanceOf(DeadlineMissed);
  });
});
