import { CancelTimer, Clock, systemClock } from './clock';

/** A dependency did not answer in time; whether it is away is for the pending work to tell. */
export class DeadlineMissed extends Error {}

/**
 * Settles with `work` unless it takes longer than `ms` of this process's own attention. A timer that
 * fires late measures a busy event loop or a starved process, not the dependency: then it gets
 * another `ms` (the command's own timeout still ends one that never answers). When the timer fires
 * on time, the rejection waits for one more poll phase, so a reply already in the socket still
 * counts; and if the dependency answered any other call during the period (`answeredSince`), it is
 * slow, not away, and gets another period too, up to `maxPeriods`, so a busy but healthy dependency
 * still decides. `answeredSince` is given readings of `clock`.
 */
export function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
  answeredSince: (since: number) => boolean = () => false,
  maxPeriods = 1,
  clock: Clock = systemClock,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let cancel: CancelTimer = () => undefined;
    let periods = 0;
    const arm = () => {
      const armedAt = clock.now();
      cancel = clock.setTimer(() => {
        if (clock.now() - armedAt > ms * 1.5) {
          arm();
          return;
        }
        setImmediate(() => {
          periods += 1;
          if (periods < maxPeriods && answeredSince(armedAt)) arm();
          else reject(new DeadlineMissed(`no answer within ${ms} ms`));
        });
      }, ms);
    };
    arm();
    work.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        cancel();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
