// A hand-written SVG of a load run over time: throughput (answered and failed requests per second)
// above, p50 and p99 latency on a log scale below, with the run's phases marked.

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ `value` (1 for nothing to show). */
export function niceCeil(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Evenly spaced ticks from 0 to `max` (a value niceCeil gave), about `count` of them. */
export function linearTicks(max, count = 4) {
  const step = niceCeil(max / count);
  const ticks = [];
  for (let tick = 0; tick <= max + step / 1e6; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** Decades from 10^floor(log10(min)) to 10^ceil(log10(max)), e.g. [1, 10, 100, 1000]. */
export function logTicks(min, max) {
  const from = Math.floor(Math.log10(Math.max(min, 0.1)));
  const to = Math.max(from + 1, Math.ceil(Math.log10(Math.max(max, 1))));
  const ticks = [];
  for (let power = from; power <= to; power++) ticks.push(10 ** power);
  return ticks;
}

const round = (value) => Number(value.toFixed(1));

/**
 * An SVG path through `points` ({ x, y } in pixels); a `null` point lifts the pen, so a gap in the
 * data (no answers, or between phases) is not drawn as a line.
 */
export function pathOf(points) {
  let path = '';
  let penDown = false;
  for (const point of points) {
    if (point === null) {
      penDown = false;
      continue;
    }
    path += `${path === '' ? '' : ' '}${penDown ? 'L' : 'M'}${round(point.x)} ${round(point.y)}`;
    penDown = true;
  }
  return path;
}

function escapeXml(text) {
  return String(text).replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]);
}

/**
 * Each window's value at its middle, with a `null` wherever `value` is undefined or the next window
 * does not follow on (a gap between phases).
 */
function seriesOf(windows, value, x, y) {
  const points = [];
  windows.forEach((window, index) => {
    const previous = windows[index - 1];
    if (previous && window.t - (previous.t + previous.seconds) > 1e-9) points.push(null);
    const v = value(window);
    points.push(v === undefined ? null : { x: x(window.t + window.seconds / 2), y: y(v) });
  });
  return points;
}

const WIDTH = 960;
const PANEL = 200;
const LEFT = 70;
const RIGHT = 20;
const TOP = 50;
const GAP = 50;

/**
 * The plot: `windows` from the run's recorders (t in s, rps, failures, seconds, p50, p99 in ms),
 * `markers` ({ t, label }) for phase starts, and latency `thresholds` ({ ms, label }) as dashed lines.
 */
export function renderPlot({ title, subtitle = '', windows, markers = [], thresholds = [] }) {
  const height = TOP + PANEL + GAP + PANEL + 40;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const end = Math.max(1, ...windows.map((window) => window.t + window.seconds));
  const x = (t) => LEFT + (t / end) * plotWidth;

  const rpsMax = niceCeil(Math.max(...windows.map((window) => window.rps), 1));
  const rpsTop = TOP;
  const yRps = (value) => rpsTop + PANEL - (value / rpsMax) * PANEL;

  const latencies = [
    ...windows.flatMap((window) => [window.p50, window.p99]).filter((value) => value !== undefined),
    ...thresholds.map((threshold) => threshold.ms),
  ];
  const decades = latencies.length > 0 ? logTicks(Math.min(...latencies), Math.max(...latencies)) : [1, 10];
  const [low, high] = [Math.log10(decades[0]), Math.log10(decades[decades.length - 1])];
  const latencyTop = TOP + PANEL + GAP;
  const yLatency = (ms) => latencyTop + PANEL - ((Math.log10(Math.max(ms, decades[0])) - low) / (high - low)) * PANEL;

  const parts = [];
  const text = (tx, ty, content, attributes = '') =>
    parts.push(`<text x="${round(tx)}" y="${round(ty)}" ${attributes}>${escapeXml(content)}</text>`);
  const line = (x1, y1, x2, y2, attributes) =>
    parts.push(`<line x1="${round(x1)}" y1="${round(y1)}" x2="${round(x2)}" y2="${round(y2)}" ${attributes}/>`);
  const path = (points, attributes) => {
    const d = pathOf(points);
    if (d !== '') parts.push(`<path d="${d}" fill="none" ${attributes}/>`);
  };

  text(LEFT, 22, title, 'font-size="16" font-weight="bold"');
  text(LEFT, 40, subtitle, 'font-size="12" fill="#555"');

  for (const tick of linearTicks(rpsMax)) {
    line(LEFT, yRps(tick), WIDTH - RIGHT, yRps(tick), 'stroke="#e5e5e5"');
    text(LEFT - 6, yRps(tick) + 4, tick, 'text-anchor="end"');
  }
  text(14, rpsTop + PANEL / 2, 'requests/s', `transform="rotate(-90 14 ${rpsTop + PANEL / 2})" text-anchor="middle"`);
  const latencyLabel = (ms) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);
  for (const tick of decades) {
    line(LEFT, yLatency(tick), WIDTH - RIGHT, yLatency(tick), 'stroke="#e5e5e5"');
    text(LEFT - 6, yLatency(tick) + 4, latencyLabel(tick), 'text-anchor="end"');
    // 2× and 5× between decades; labelled while there is room (few decades).
    if (tick === decades[decades.length - 1]) continue;
    for (const minor of [2 * tick, 5 * tick]) {
      line(LEFT, yLatency(minor), WIDTH - RIGHT, yLatency(minor), 'stroke="#f2f2f2"');
      if (decades.length <= 4) {
        text(LEFT - 6, yLatency(minor) + 4, latencyLabel(minor), 'text-anchor="end" fill="#777" font-size="10"');
      }
    }
  }
  text(
    14,
    latencyTop + PANEL / 2,
    'latency (log)',
    `transform="rotate(-90 14 ${latencyTop + PANEL / 2})" text-anchor="middle"`,
  );
  for (const threshold of thresholds) {
    line(LEFT, yLatency(threshold.ms), WIDTH - RIGHT, yLatency(threshold.ms), 'stroke="#c00" stroke-dasharray="6 4"');
    text(WIDTH - RIGHT - 4, yLatency(threshold.ms) - 4, threshold.label, 'text-anchor="end" fill="#c00"');
  }
  const timeTicks = linearTicks(niceCeil(end), 8).filter((tick) => tick <= end);
  for (const tick of timeTicks) {
    text(x(tick), latencyTop + PANEL + 16, `${tick} s`, 'text-anchor="middle"');
    line(x(tick), rpsTop + PANEL, x(tick), rpsTop + PANEL + 4, 'stroke="#999"');
  }
  for (const marker of markers) {
    line(x(marker.t), rpsTop, x(marker.t), latencyTop + PANEL, 'stroke="#888" stroke-dasharray="2 3"');
    text(x(marker.t) + 3, rpsTop + 12, marker.label, 'font-size="11" fill="#444"');
  }
  for (const top of [rpsTop, latencyTop]) {
    parts.push(`<rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${PANEL}" fill="none" stroke="#999"/>`);
  }

  path(
    seriesOf(windows, (window) => window.rps, x, yRps),
    'stroke="#1f77b4" stroke-width="1.5"',
  );
  path(
    seriesOf(windows, (window) => window.failures / window.seconds, x, yRps),
    'stroke="#d62728" stroke-width="1.5"',
  );
  path(
    seriesOf(windows, (window) => window.p50, x, yLatency),
    'stroke="#2ca02c" stroke-width="1.5"',
  );
  path(
    seriesOf(windows, (window) => window.p99, x, yLatency),
    'stroke="#ff7f0e" stroke-width="1.5"',
  );

  const legend = [
    ['#1f77b4', 'answers/s'],
    ['#d62728', 'failed/s'],
    ['#2ca02c', 'p50'],
    ['#ff7f0e', 'p99'],
  ];
  legend.forEach(([color, label], index) => {
    // On the title's line, right-aligned: the subtitle below may run the full width.
    const lx = WIDTH - RIGHT - 380 + index * 95;
    line(lx, 17, lx + 18, 17, `stroke="${color}" stroke-width="3"`);
    text(lx + 22, 21, label);
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
