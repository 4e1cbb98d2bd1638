import { childTraceparent, traceIdOf } from './trace-context';

describe('childTraceparent', () => {
  it('keeps the trace id and flags of a valid parent and starts a new span', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const child = childTraceparent(parent);
    expect(traceIdOf(child)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child).not.toBe(parent);
    expect(child.endsWith('-01')).toBe(true);
  });

  it('starts a new trace for a missing or invalid parent', () => {
    for (const incoming of [undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      expect(childTraceparent(incoming)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(traceIdOf(childTraceparent(incoming))).not.toBe('0'.repeat(32));
    }
  });
});
