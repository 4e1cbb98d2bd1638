import { linearTicks, logTicks, niceCeil, pathOf, renderPlot } from './svg.mjs';

describe('axis scales', () => {
  it('rounds maxima up to 1, 2, 2.5 or 5 × 10^k', () => {
    expect([niceCeil(0), niceCeil(7), niceCeil(1234), niceCeil(2400), niceCeil(4100), niceCeil(50)]).toEqual([
      1, 10, 2000, 2500, 5000, 50,
    ]);
  });

  it('ticks evenly from 0, and by decades on the log scale', () => {
    expect(linearTicks(2000)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(linearTicks(2500)).toEqual([0, 1000, 2000]);
    expect(logTicks(3, 3500)).toEqual([1, 10, 100, 1000, 10000]);
    expect(logTicks(12, 15)).toEqual([10, 100]);
  });
});

describe('pathOf', () => {
  it('moves, draws, and lifts the pen at gaps', () => {
    expect(pathOf([{ x: 0, y: 10 }, { x: 1.25, y: 8.04 }, null, { x: 3, y: 1 }, { x: 4, y: 2 }])).toBe(
      'M0 10 L1.3 8 M3 1 L4 2',
    );
    expect(pathOf([null])).toBe('');
  });
});

describe('renderPlot', () => {
  const windows = [
    { t: 0, seconds: 1, rps: 100, failures: 0, p50: 10, p99: 40 },
    { t: 1, seconds: 1, rps: 120, failures: 2, p50: 12, p99: 3500 },
    // A later phase, after a gap.
    { t: 5, seconds: 1, rps: 0, failures: 0, p50: undefined, p99: undefined },
  ];

  it('draws four series, the markers and the thresholds, with escaped text', () => {
    const svg = renderPlot({
      title: 'mixed <embedded>',
      windows,
      markers: [{ t: 5, label: 'phase 2' }],
      thresholds: [{ ms: 3000, label: 'p99 limit 3 s' }],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('mixed &lt;embedded&gt;');
    expect(svg.match(/<path /g)).toHaveLength(4);
    expect(svg).toContain('phase 2');
    expect(svg).toContain('p99 limit 3 s');
    // Throughput: two points, a gap, then the empty window at 0.
    const throughput = /<path d="([^"]+)" fill="none" stroke="#1f77b4"/.exec(svg)[1];
    expect(throughput.match(/[ML]/g)).toEqual(['M', 'L', 'M']);
  });

  it('draws an empty run without failing', () => {
    expect(renderPlot({ title: 'empty', windows: [] })).toContain('</svg>');
  });
});
