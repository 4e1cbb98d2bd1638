// Latency and outcome bookkeeping of a load run: per-window figures for the plot, and totals per
// request kind for the tables. Pure: the caller passes the times, so the specs need no clock.

/** The `q`-quantile (0 < q ≤ 1) of ascending `sorted` by nearest rank; undefined when empty. */
export function percentile(sorted, q) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** p50, p95, p99 and max of `latencies` (an array or a typed array, any order; sorted in place). */
export function latencySummary(latencies) {
  // A typed array sorts by value by default; a plain array would sort as strings.
  if (ArrayBuffer.isView(latencies)) latencies.sort();
  else latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies.length > 0 ? latencies[latencies.length - 1] : undefined,
  };
}

/** A growable list of latencies in 4 bytes each: an hour's run at a few thousand req/s stays in tens of MB. */
class LatencyList {
  #values = new Float32Array(1024);
  #length = 0;

  push(value) {
    if (this.#length === this.#values.length) {
      const grown = new Float32Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  /** The values, sorted ascending, in a new array. */
  sorted() {
    return this.#values.slice(0, this.#length).sort();
  }
}

/**
 * Whether an answer the server sent with a 2xx status still reports a failure: a tool result with
 * `isError: true`, or a JSON-RPC error object. Only the start of the body is searched for the
 * JSON-RPC error, since an error object is a top-level member and tool output may quote anything.
 */
export function answerFailed(body) {
  return body.includes('"isError":true') || /^\{[^{]*"error":\{/.test(body.slice(0, 120));
}

function emptyTotals() {
  return {
    requests: 0,
    failures: 0,
    statuses: {},
    shed: 0,
    shedWithRetryAfter: 0,
    answerErrors: 0,
    connectionErrors: 0,
    timeouts: 0,
  };
}

/**
 * Collects the outcomes of one phase of a run. `origin` is the run's time zero (ms, the caller's
 * clock): a run of several phases shares it, so their windows line up on one time axis.
 * Responses must be recorded in time order, which is how they arrive.
 */
export class WindowRecorder {
  #origin;
  #windowMs;
  #current;
  #windows = [];
  #latencies = new Map();
  #totals = new Map();

  constructor({ origin, start = origin, windowMs = 1000 }) {
    this.#origin = origin;
    this.#windowMs = windowMs;
    this.#current = this.#openWindow(Math.floor((start - origin) / windowMs));
  }

  #openWindow(index) {
    return { index, latencies: [], requests: 0, failures: 0 };
  }

  /** Closes every window that ends at or before `at`, empty ones included (a stall shows as a gap of 0 req/s). */
  #advance(at) {
    const index = Math.floor((at - this.#origin) / this.#windowMs);
    while (this.#current.index < index) {
      this.#closeCurrent();
      this.#current = this.#openWindow(this.#current.index + 1);
    }
  }

  #closeCurrent() {
    const { index, latencies, requests, failures } = this.#current;
    const seconds = this.#windowMs / 1000;
    this.#windows.push({
      t: (index * this.#windowMs) / 1000,
      seconds,
      requests,
      failures,
      rps: requests / seconds,
      ...latencySummary(latencies),
    });
  }

  #totalsOf(label) {
    let totals = this.#totals.get(label);
    if (!totals) {
      totals = emptyTotals();
      this.#totals.set(label, totals);
      this.#latencies.set(label, new LatencyList());
    }
    return totals;
  }

  /**
   * One answer at `at` that took `latency` ms. It failed when its status is not 2xx or its body
   * reported an error (`answerError`); 429 and 503 are load shedding, counted with whether they
   * said when to retry.
   */
  response(at, latency, { label = 'all', status, answerError = false, retryAfter = false }) {
    this.#advance(at);
    const failed = status < 200 || status >= 300 || answerError;
    this.#current.requests++;
    this.#current.latencies.push(latency);
    if (failed) this.#current.failures++;
    const totals = this.#totalsOf(label);
    totals.requests++;
    totals.statuses[status] = (totals.statuses[status] ?? 0) + 1;
    if (failed) totals.failures++;
    if (answerError && status >= 200 && status < 300) totals.answerErrors++;
    if (status === 429 || status === 503) {
      totals.shed++;
      if (retryAfter) totals.shedWithRetryAfter++;
    }
    this.#latencies.get(label).push(latency);
  }

  /** A request that got no answer: the connection failed, or no answer came within the timeout. */
  error(at, { label = 'all', timeout }) {
    this.#advance(at);
    this.#current.failures++;
    const totals = this.#totalsOf(label);
    totals.failures++;
    if (timeout) totals.timeouts++;
    else totals.connectionErrors++;
  }

  /** Ends the phase at `at`: closes the windows up to it, the last (partial) one included. */
  finish(at) {
    this.#advance(at);
    if (this.#current.requests > 0 || this.#current.failures > 0) this.#closeCurrent();
    return this.result();
  }

  /**
   * Windows so far, and totals over all request kinds and per kind. `requests` counts answers;
   * `failures` counts failed answers and the requests that got none (connection errors, timeouts).
   */
  result() {
    const byLabel = {};
    const all = emptyTotals();
    const allLatencies = [];
    for (const [label, totals] of this.#totals) {
      const sorted = this.#latencies.get(label).sorted();
      byLabel[label] = { ...totals, ...latencySummary(sorted) };
      for (const count of [
        'requests',
        'failures',
        'shed',
        'shedWithRetryAfter',
        'answerErrors',
        'connectionErrors',
        'timeouts',
      ]) {
        all[count] += totals[count];
      }
      for (const [status, count] of Object.entries(totals.statuses)) {
        all.statuses[status] = (all.statuses[status] ?? 0) + count;
      }
      allLatencies.push(sorted);
    }
    const merged = new Float32Array(allLatencies.reduce((sum, list) => sum + list.length, 0));
    let offset = 0;
    for (const list of allLatencies) {
      merged.set(list, offset);
      offset += list.length;
    }
    const attempts = all.requests + all.connectionErrors + all.timeouts;
    return {
      windows: [...this.#windows],
      ...all,
      ...latencySummary(merged),
      errorRate: attempts > 0 ? all.failures / attempts : 0,
      byLabel,
    };
  }
}
