/**
 * The in-flight limit of admission control, following how long the event loop's turns take.
 *
 * Node (libuv 1.45 and later) accepts one new connection per turn of the event loop, and a turn
 * works on every request that became ready since the last one. A process working on many CPU-bound
 * requests at once therefore takes long turns and, under load, new connections at a few a second:
 * a burst of them waits in the kernel's accept queue until its clients time out, while the requests
 * already inside are answered. A request waiting on I/O (a slow tool) makes no turn longer. So the
 * limit follows the loop's delay, not a fixed count: it comes down to half of what is in flight
 * while the delay is above the target, and grows by a quarter while the delay is under three quarters of
 * it and the limit held requests back, between a floor and the configured ceiling. It starts at the
 * ceiling, so an idle process admits a burst at once.
 */
export class AdaptiveInFlightLimit {
  /** Places that stay open whatever the loop's delay, so a loop slowed by something else still makes progress. */
  static readonly FLOOR = 16;
  private value: number;

  /** `targetDelayMs` 0 keeps the limit at `ceiling`. */
  constructor(
    readonly ceiling: number,
    readonly targetDelayMs: number,
  ) {
    this.value = ceiling;
  }

  get current(): number {
    return this.value;
  }

  /**
   * One step, given the loop's delay over the last interval, the requests in flight now, and
   * whether the limit held a request back during the interval. Returns the new limit.
   */
  adjust(delayMs: number, inFlight: number, heldBack: boolean): number {
    if (this.targetDelayMs <= 0) return this.value;
    const floor = Math.min(AdaptiveInFlightLimit.FLOOR, this.ceiling);
    if (delayMs > this.targetDelayMs) {
      this.value = Math.max(floor, Math.floor(Math.min(this.value, inFlight) / 2));
    } else if (heldBack && delayMs <= this.targetDelayMs * 0.75) {
      this.value = Math.min(this.ceiling, Math.ceil(this.value * 1.25));
    }
    return this.value;
  }
}
