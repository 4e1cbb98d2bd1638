import { analyzeSource } from './analyze-source';

/**
 * Inputs built to make a careless regex or stack walk quadratic. At 256 KiB a quadratic step takes
 * minutes; linear code answers in tens of milliseconds, so the generous bound never flakes.
 */
const SIZE = 256 * 1024;
const BOUND_MS = 3000;

describe('analysis stays linear on hostile input', () => {
  it.each([
    ['a comment of blanks after a marker', `// TODO${' '.repeat(SIZE)}x`, 'a.ts'],
    ['only line breaks, detected by content', '\n'.repeat(SIZE), undefined],
    ['Ruby openers on one line', 'x = if '.repeat(SIZE / 7), 'a.rb'],
    ['nested Ruby singleton classes', `class A\n${'class << self\n'.repeat(SIZE / 16)}`, 'a.rb'],
    ['deeply nested plain C blocks', `void f() {${'{ if (x) '.repeat(SIZE / 10)}`, 'a.c'],
    ['Python triple quotes on one line', '"""'.repeat(SIZE / 3), 'a.py'],
    ['one C header full of comparisons', `${'a == b '.repeat(SIZE / 7)}{`, 'a.c'],
    ['Rust match arms on one line', `fn f() { match x { ${'a => b, '.repeat(SIZE / 8)} } }`, 'a.rs'],
    ['YAML quotes', `a: ${"'".repeat(SIZE)}`, 'a.yaml'],
    ['shell heredoc openers', `cat ${'<<A '.repeat(SIZE / 4)}\nx\n`, 'a.sh'],
    ['C++ brace initialisers that never close', 'A() : b{'.repeat(SIZE / 8), 'a.cpp'],
    ['unclosed Python brackets', 'def f(\n'.repeat(SIZE / 7), 'a.py'],
    ['brackets nested beyond the parser stack', '('.repeat(SIZE), 'a.ts'],
  ])('%s', (_case, text, fileName) => {
    const started = performance.now();
    const result = analyzeSource({ text, ...(fileName ? { fileName } : {}) });
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(result.lines.total).toBeGreaterThan(0);
  });

  it('falls back to line counts when TypeScript nesting overflows the parser', () => {
    const result = analyzeSource({ text: `${'('.repeat(SIZE)}\n// TODO: x\n`, fileName: 'deep.ts' });
    expect(result.analyzer).toBe('lines-only');
    expect(result.lines).toEqual({ total: 2, code: 1, comment: 1, blank: 0 });
    expect(result.findings).toEqual([{ kind: 'TODO', line: 2, text: 'TODO: x' }]);
  });
});
