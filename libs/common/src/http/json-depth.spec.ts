import fc from 'fast-check';
import { nestsDeeperThan } from './json-depth';

/** The nesting depth of a parsed value, by walking it. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('nestsDeeperThan', () => {
  it('agrees with the depth of the parsed value, for any JSON and any limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.nat(10), (value, limit) => {
        const text = JSON.stringify(value);
        expect(nestsDeeperThan(text, limit)).toBe(depthOf(value) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it('does not count brackets inside strings, escaped quotes and backslashes included', () => {
    const text = JSON.stringify({ a: '[[[[{{{{ \\" \\\\" ]]]]', b: ['"[', '\\', '\\"{{'] });
    expect(nestsDeeperThan(text, 2)).toBe(false);
    expect(nestsDeeperThan(text, 1)).toBe(true);
  });

  it('refuses a body of nothing but brackets without reading it all', () => {
    // 5,000 levels: what overflowed the stack of JSON.stringify on the way to the executor.
    expect(nestsDeeperThan(`{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`, 64)).toBe(true);
    expect(nestsDeeperThan('['.repeat(64) + ']'.repeat(64), 64)).toBe(false);
    expect(nestsDeeperThan('['.repeat(65) + ']'.repeat(65), 64)).toBe(true);
  });

  it('leaves malformed text (an unterminated string) to the parser', () => {
    expect(nestsDeeperThan('{"a": "[[[[', 1)).toBe(false);
  });
});
