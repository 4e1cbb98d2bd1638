import { analyzeSource } from './analyze-source';

/**
 * Inputs built to make a careless regex, stack walk or per-definition search slow, or to send a
 * grammar's error recovery into a long search. Each must come back with a sensible answer, and
 * which one is decided by the input alone (the parse budget counts work, not time): brackets nested
 * past the limit fall back to line counts, the rest parse within their step budget. How the time
 * grows with the input is measured by bench/code-analysis.mjs, not asserted here.
 */
const SIZE = 64 * 1024;
// Some of these take seconds to parse (16,000 heredoc openers); the bound only keeps a hang from
// passing unnoticed.
jest.setTimeout(30_000);

describe('analysis of hostile input', () => {
  it.each([
    ['a comment of blanks after a marker', `// TODO${' '.repeat(SIZE)}x`, 'a.ts', 'typescript-compiler'],
    ['only line breaks, detected by content', '\n'.repeat(SIZE), undefined, 'lines-only'],
    ['Ruby openers on one line', 'x = if '.repeat(SIZE / 7), 'a.rb', 'tree-sitter'],
    ['nested Ruby singleton classes', `class A\n${'class << self\n'.repeat(SIZE / 16)}`, 'a.rb', 'tree-sitter'],
    ['deeply nested plain C blocks', `void f() {${'{ if (x) '.repeat(SIZE / 10)}`, 'a.c', 'tree-sitter'],
    ['Python triple quotes on one line', '"""'.repeat(SIZE / 3), 'a.py', 'tree-sitter'],
    ['one C header full of comparisons', `${'a == b '.repeat(SIZE / 7)}{`, 'a.c', 'tree-sitter'],
    ['Rust match arms on one line', `fn f() { match x { ${'a => b, '.repeat(SIZE / 8)} } }`, 'a.rs', 'tree-sitter'],
    ['YAML quotes', `a: ${"'".repeat(SIZE)}`, 'a.yaml', 'lines-only'],
    ['shell heredoc openers', `cat ${'<<A '.repeat(SIZE / 4)}\nx\n`, 'a.sh', 'tree-sitter'],
    ['C++ brace initialisers that never close', 'A() : b{'.repeat(SIZE / 8), 'a.cpp', 'tree-sitter'],
    ['unclosed Python brackets', 'def f(\n'.repeat(SIZE / 7), 'a.py', 'tree-sitter'],
    ['brackets nested beyond the parser stack', '('.repeat(SIZE), 'a.ts', 'lines-only'],
    [
      'brackets nested deeply in Java',
      `class A { void f() { int x = ${'('.repeat(SIZE / 2)}1; } }`,
      'A.java',
      'lines-only',
    ],
  ])('%s', async (_case, text, fileName, analyzer) => {
    const result = await analyzeSource({ text, ...(fileName ? { fileName } : {}) });
    expect(result.analyzer).toBe(analyzer);
    expect(result.lines.total).toBeGreaterThan(0);
  });

  it('counts every decision of a deeply nested C function for that function', async () => {
    const depth = 5000;
    const result = await analyzeSource({
      text: `void f() {${'{ if (x) '.repeat(depth)}${'}'.repeat(depth)}}\n`,
      fileName: 'a.c',
    });
    expect(result.functions).toEqual([{ name: 'f', kind: 'function', line: 1, endLine: 1, complexity: depth + 1 }]);
  });

  it('falls back to line counts when TypeScript nesting overflows the parser', async () => {
    const result = await analyzeSource({ text: `${'('.repeat(SIZE)}\n// TODO: x\n`, fileName: 'deep.ts' });
    expect(result.analyzer).toBe('lines-only');
    expect(result.lines).toEqual({ total: 2, code: 1, comment: 1, blank: 0 });
    expect(result.findings).toEqual([{ kind: 'TODO', line: 2, text: 'TODO: x' }]);
  });

  it.each([
    ['stacked Python decorators', `${'@decorator\n'.repeat(5000)}def f():\n    pass\n`, 'a.py', 1, 0],
    [
      'a Python class of many methods',
      `class A:\n${Array.from({ length: 5000 }, (_, i) => `    def m${i}(self): pass\n`).join('')}`,
      'a.py',
      5000,
      1,
    ],
    [
      'C++ methods defined outside their classes',
      Array.from({ length: 5000 }, (_, i) => `class C${i} {};\nvoid C${i}::m() {}\n`).join(''),
      'a.cpp',
      5000,
      5000,
    ],
    ['a C++ init list of brace initialisers', `A::A() : ${'b{1}, '.repeat(20_000)}c(1) {}\n`, 'a.cpp', 1, 0],
    ['a C++ header of "):" pairs', `f()${':a()'.repeat(2000)}{}\n`, 'a.cpp', 1, 0],
  ])('%s', async (_case, text, fileName, functions, classes) => {
    const result = await analyzeSource({ text, fileName });
    expect(result.counts).toMatchObject({ functions, classes });
  });
});
