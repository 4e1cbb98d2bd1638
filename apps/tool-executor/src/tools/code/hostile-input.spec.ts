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

  /**
   * Work must grow in step with the input: each input is analysed at n and 10 n repetitions, and the
   * larger may take at most 30 times as long (a quadratic step takes about 100 times). Each size keeps
   * its best of three runs, so a pause of the machine does not count; the smaller time has a floor of
   * 20 ms, so timer granularity and the garbage collector's switch to a larger heap between the two
   * sizes do not either (the quadratic cases take seconds at the larger size).
   */
  const GROWTH = 10;
  const MAX_TIME_RATIO = 30;
  const FLOOR_MS = 20;
  const bestOf = (text: string, fileName: string, enough = 0): number => {
    let best = Infinity;
    for (let run = 0; run < 3 && best >= enough; run++) {
      const started = performance.now();
      analyzeSource({ text, fileName });
      best = Math.min(best, performance.now() - started);
    }
    return best;
  };

  it.each([
    ['stacked Python decorators', (n: number) => `${'@decorator\n'.repeat(n)}def f():\n    pass\n`, 'a.py', 5000],
    [
      'property decorators in a Python class',
      (n: number) => `class A:\n${'    @property\n'.repeat(n)}    def f(self):\n        pass\n`,
      'a.py',
      5000,
    ],
    [
      'a Python class of many methods',
      (n: number) => `class A:\n${Array.from({ length: n }, (_, i) => `    def m${i}(self): pass\n`).join('')}`,
      'a.py',
      2000,
    ],
    [
      'a TypeScript interface of many methods',
      (n: number) => `interface A {\n${Array.from({ length: n }, (_, i) => `  m${i}(): void;\n`).join('')}}\n`,
      'a.ts',
      1000,
    ],
    [
      'C++ methods defined outside their classes',
      (n: number) => Array.from({ length: n }, (_, i) => `class C${i} {};\nvoid C${i}::m() {}\n`).join(''),
      'a.cpp',
      1000,
    ],
    ['a C++ init list of brace initialisers', (n: number) => `A::A() : ${'b{1}, '.repeat(n)}c(1) {}\n`, 'a.cpp', 2000],
    ['a C++ header of "):" pairs', (n: number) => `f()${':a()'.repeat(n)}{}\n`, 'a.cpp', 2000],
  ])('%s', (_case, make, fileName, n) => {
    const small = bestOf(make(n), fileName);
    const bound = MAX_TIME_RATIO * Math.max(small, FLOOR_MS);
    const large = bestOf(make(GROWTH * n), fileName, bound);
    if (large >= bound)
      throw new Error(`${GROWTH} times the input took ${Math.round(large)} ms against ${Math.round(small)} ms`);
  });
});
