// The judgements a load run makes from its samples: memory drift, the stress ramp's failure point,
// and the time latency takes to recover once the load stops.

/** The median of the samples with `from <= t <= to`; the sample nearest `from` when none is in it. */
function windowMedian(samples, from, to) {
  const inside = samples.filter((sample) => sample.t >= from && sample.t <= to).map((sample) => sample.value);
  if (inside.length === 0) return samples.find((sample) => sample.t >= from).value;
  inside.sort((a, b) => a - b);
  const middle = inside.length >> 1;
  return inside.length % 2 === 1 ? inside[middle] : (inside[middle - 1] + inside[middle]) / 2;
}

/**
 * RSS drift over a run: the median of the samples in the tenth of the sampled span right after the
 * warm-up (the first `warmUpFraction`) against the median of the last tenth. Medians of windows, not
 * two samples: a process's RSS moves by several percent with each garbage collection (the
 * tool-executor's between 685 and 770 MB minute to minute at a steady load), so two single samples
 * tell one collection from another, while a leak moves the whole window. Flat when it moved by at
 * most `tolerance` either way. `samples` are `{ t, value }` in time order; undefined with fewer than two.
 */
export function memoryDrift(samples, { warmUpFraction = 0.2, window = 0.1, tolerance = 0.1 } = {}) {
  if (samples.length < 2) return undefined;
  const first = samples[0].t;
  const last = samples[samples.length - 1].t;
  const at = (fraction) => first + (last - first) * fraction;
  const afterWarmUp = windowMedian(samples, at(warmUpFraction), at(warmUpFraction + window));
  const end = windowMedian(samples, at(1 - window), last);
  const drift = (end - afterWarmUp) / afterWarmUp;
  return {
    afterWarmUp,
    end,
    max: Math.max(...samples.map((sample) => sample.value)),
    drift,
    flat: Math.abs(drift) <= tolerance,
  };
}

/** The plan's limits for the stress ramp: p99 over 3 s or more than 0.1 % failed requests. */
export const STRESS_LIMITS = { p99Ms: 3000, errorRate: 0.001 };

/** Why a ramp step fails the limits (an empty list when it holds). A step without any answer fails. */
export function stepFailures(step, limits = STRESS_LIMITS) {
  const reasons = [];
  if (step.p99 === undefined) reasons.push('no answers');
  else if (step.p99 > limits.p99Ms) reasons.push(`p99 ${Math.round(step.p99)} ms > ${limits.p99Ms} ms`);
  if (step.errorRate > limits.errorRate) {
    reasons.push(`errors ${(step.errorRate * 100).toFixed(2)} % > ${(limits.errorRate * 100).toFixed(1)} %`);
  }
  return reasons;
}

/**
 * The first ramp step (in the order run) that fails the limits, with its reasons, and the last step
 * before it that held; `failed` is undefined when every step held.
 */
export function failurePoint(steps, limits = STRESS_LIMITS) {
  let lastGood;
  for (const step of steps) {
    const reasons = stepFailures(step, limits);
    if (reasons.length > 0) return { failed: step, reasons, lastGood };
    lastGood = step;
  }
  return { failed: undefined, reasons: [], lastGood };
}

/**
 * Seconds from `stoppedAt` (seconds on the windows' axis) until latency is back: the end of the
 * first window that opens `stable` windows in a row with answers and a p50 within `factor` × the
 * baseline's. Undefined when that never happens within the windows given.
 */
export function recoveryTime(windows, { stoppedAt, baselineP50, factor = 1.5, stable = 3 }) {
  const limit = baselineP50 * factor;
  const good = (window) => window.requests > 0 && window.p50 <= limit;
  // Windows that end after the stop: the probe's first window may open a moment before it.
  const after = windows.filter((window) => window.t + window.seconds > stoppedAt);
  for (let index = 0; index + stable <= after.length; index++) {
    if (after.slice(index, index + stable).every(good)) {
      return after[index].t + after[index].seconds - stoppedAt;
    }
  }
  return undefined;
}

/** Connection counts for the stress ramp, ascending, up to `max` (which ends the ramp when off the ladder). */
export function rampSteps(max, ladder = [50, 100, 200, 400, 800, 1200, 1600, 2000, 3000, 4000, 6000, 8000, 12000]) {
  const steps = ladder.filter((count) => count <= max);
  if (steps[steps.length - 1] !== max) steps.push(max);
  return steps;
}
