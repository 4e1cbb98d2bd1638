/** Cancels a timer set through a `Clock`. */
export type CancelTimer = () => void;

/**
 * Time as the outage state machine sees it: a monotonic reading in milliseconds and timers. Injected
 * so the state machine's specs step time by hand instead of sleeping.
 */
export interface Clock {
  now(): number;
  /** Calls `callback` once after `ms`; the timer never keeps the process alive. */
  setTimer(callback: () => void, ms: number): CancelTimer;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that moves only when told to (specs). */
export class ManualClock implements Clock {
  private current = 0;
  private readonly timers = new Set<{ at: number; callback: () => void }>();

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, ms: number): CancelTimer {
    const timer = { at: this.current + ms, callback };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Moves time forward by `ms`, firing each timer that falls due, in order, at its own time. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const due = [...this.timers].filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due);
      this.current = due.at;
      due.callback();
    }
    this.current = until;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}
