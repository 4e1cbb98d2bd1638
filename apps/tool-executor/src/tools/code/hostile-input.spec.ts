import { analyzeSource } from './analyze-source';

/**
 * Inputs built to make a careless regex or stack walk quadratic. Work must grow in step with the
 * input: each input is analysed at one tenth of its size and at full size, and the larger may take
 * at most 30 times as long (a quadratic step takes about 100 times, minutes at 256 KiB). Both are
 * timed in the same run, so a loaded machine slows both alike. Each size keeps its best of three
 * runs, so a pause of the machine does not count; the smaller time has a floor of 20 ms, so timer
 * granularity and the garbage collector's switch to a larger heap between the two sizes do not
 * either.
 */
const SIZE = 256 * 1024;
const GROWTH = 10;
const MAX_TIME_RATIO = 30;
const FLOOR_MS = 20;

/** The best of three runs, stopping early once one takes less than `enough` ms. */
function bestOf(text: string, fileName: string | undefined, enough = 0): number {
  let best = Infinity;
  for (let run = 0; run < 3 && best >= enough; run++) {
    const started = performance.now();
    const result = analyzeSource({ text, ...(fileName ? { fileName } : {}) });
    best = Math.min(best, performance.now() - started);
    expect(result.lines.total).toBeGreaterThan(0);
  }
  return best;
}

/** Fails when `make(GROWTH * n)` takes more than MAX_TIME_RATIO times as long as `make(n)`. */
function expectLinear(make: (n: number) => string, fileName: string | undefined, n: number): void {
  const small = bestOf(make(n), fileName);
  const bound = MAX_TIME_RATIO * Math.max(small, FLOOR_MS);
  const large = bestOf(make(GROWTH * n), fileName, bound);
  if (large >= bound)
    throw new Error(`${GROWTH} times the input took ${Math.round(large)} ms against ${Math.round(small)} ms`);
}

describe('analysis stays linear on hostile input', () => {
  /** Each input of about `size` characters. */
  it.each<[string, (size: number) => string, string | undefined]>([
    ['a comment of blanks after a marker', (size) => `// TODO${' '.repeat(size)}x`, 'a.ts'],
    ['only line breaks, detected by content', (size) => '\n'.repeat(size), undefined],
    ['Ruby openers on one line', (size) => 'x = if '.repeat(size / 7), 'a.rb'],
    ['nested Ruby singleton classes', (size) => `class A\n${'class << self\n'.repeat(size / 16)}`, 'a.rb'],
    ['deeply nested plain C blocks', (size) => `void f() {${'{ if (x) '.repeat(size / 10)}`, 'a.c'],
    ['Python triple quotes on one line', (size) => '"""'.repeat(size / 3), 'a.py'],
    ['one C header full of comparisons', (size) => `${'a == b '.repeat(size / 7)}{`, 'a.c'],
    ['Rust match arms on one line', (size) => `fn f() { match x { ${'a => b, '.repeat(size / 8)} } }`, 'a.rs'],
    ['YAML quotes', (size) => `a: ${"'".repeat(size)}`, 'a.yaml'],
    ['shell heredoc openers', (size) => `cat ${'<<A '.repeat(size / 4)}\nx\n`, 'a.sh'],
    ['C++ brace initialisers that never close', (size) => 'A() : b{'.repeat(size / 8), 'a.cpp'],
    ['unclosed Python brackets', (size) => 'def f(\n'.repeat(size / 7), 'a.py'],
    ['brackets nested beyond the parser stack', (size) => '('.repeat(size), 'a.ts'],
  ])('%s', (_case, make, fileName) => {
    expectLinear(make, fileName, SIZE / GROWTH);
  });

  it('falls back to line counts when TypeScript nesting overflows the parser', () => {
    const result = analyzeSource({ text: `${'('.repeat(SIZE)}\n// TODO: x\n`, fileName: 'deep.ts' });
    expect(result.analyzer).toBe('lines-only');
    expect(result.lines).toEqual({ total: 2, code: 1, comment: 1, blank: 0 });
    expect(result.findings).toEqual([{ kind: 'TODO', line: 2, text: 'TODO: x' }]);
  });

  /** Inputs of `n` repetitions of a construct that a careless walk revisits. */
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
    expectLinear(make, fileName, n);
  });
});
