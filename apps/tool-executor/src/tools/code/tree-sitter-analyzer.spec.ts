import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeAnalysis, analyzeSource } from './analyze-source';
import { PARSED_LANGUAGES } from './languages';
import { analyzeTree, bracketDepth, loadGrammar, stepBudget } from './tree-sitter-analyzer';

/** One realistic file per language in fixtures/, analysed as the tool would from its name. */
const analyse = (file: string): Promise<CodeAnalysis> =>
  analyzeSource({ text: readFileSync(join(__dirname, 'fixtures', file), 'utf8'), fileName: file });

// Compiling the grammars' WASM (megabytes each) is slow under Jest's instrumentation; it happens once.
beforeAll(() => Promise.all(PARSED_LANGUAGES.map(loadGrammar)), 60_000);

describe('tree-sitter analysis of real files', () => {
  it('Python: classes, nested functions, accessors, docstrings as comments, match cases', async () => {
    const result = await analyse('inventory.py');
    expect(result).toMatchObject({ language: 'python', analyzer: 'tree-sitter' });
    expect(result.lines).toEqual({ total: 60, code: 43, comment: 3, blank: 14 });
    expect(result.functions).toEqual([
      { name: '__init__', kind: 'constructor', parent: 'Inventory', line: 14, endLine: 16, complexity: 1 },
      { name: 'total', kind: 'getter', parent: 'Inventory', line: 19, endLine: 20, complexity: 1 },
      { name: 'total', kind: 'setter', parent: 'Inventory', line: 23, endLine: 24, complexity: 1 },
      // 1 + if + or + for + if + and.
      { name: 'restock', kind: 'method', parent: 'Inventory', line: 26, endLine: 36, complexity: 6 },
      // 1 + the comprehension's for and if; the nested function's conditional counts for it alone.
      { name: 'report', kind: 'method', parent: 'Inventory', line: 38, endLine: 42, complexity: 3 },
      { name: 'line', kind: 'function', parent: 'report', line: 39, endLine: 40, complexity: 2 },
      { name: 'load', kind: 'function', line: 45, endLine: 50, complexity: 3 },
      // `case _` is no decision.
      { name: 'classify', kind: 'function', line: 53, endLine: 60, complexity: 3 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Inventory', kind: 'class', line: 11, endLine: 42, methods: ['__init__', 'total', 'restock', 'report'] },
    ]);
    expect(result.imports).toEqual([
      { module: 'logging', line: 3 },
      { module: 'os.path', line: 4 },
      { module: 'collections', line: 5 },
      { module: '.models', line: 6 },
    ]);
    expect(result.findings).toEqual([
      { kind: 'TODO', line: 27, text: 'TODO: reject negative amounts once the API validates them' },
    ]);
  });

  it('Go: functions, methods by receiver, structs and interfaces', async () => {
    const result = await analyse('server.go');
    expect(result.lines).toEqual({ total: 54, code: 43, comment: 5, blank: 6 });
    expect(result.functions).toEqual([
      { name: 'New', kind: 'function', line: 22, endLine: 27, complexity: 2 },
      // Two cases; `default` is no decision.
      { name: 'ServeHTTP', kind: 'method', parent: 'Server', line: 29, endLine: 39, complexity: 3 },
      { name: 'echo', kind: 'method', parent: 'Server', line: 42, endLine: 54, complexity: 6 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Server', kind: 'struct', line: 11, endLine: 14, methods: ['ServeHTTP', 'echo'] },
      { name: 'Handler', kind: 'interface', line: 17, endLine: 19, methods: ['ServeHTTP'] },
    ]);
    expect(result.imports.map((entry) => entry.module)).toEqual(['encoding/json', 'fmt', 'net/http']);
    expect(result.findings).toEqual([{ kind: 'TODO', line: 41, text: 'TODO: limit the body size before decoding' }]);
  });

  it('Java: constructors, annotated methods, records, enums and nested interfaces', async () => {
    const result = await analyse('OrderService.java');
    expect(result.lines).toEqual({ total: 58, code: 45, comment: 3, blank: 10 });
    expect(
      result.functions.map(({ name, kind, line, endLine, complexity }) => [name, kind, line, endLine, complexity]),
    ).toEqual([
      ['OrderService', 'constructor', 12, 14, 1],
      // Starts at `public`, after `@Override`.
      ['toString', 'method', 17, 19, 1],
      ['place', 'method', 21, 28, 3],
      ['find', 'method', 30, 37, 3],
      // Two case labels and a ternary; `default` is no decision.
      ['discount', 'method', 39, 48, 4],
    ]);
    expect(result.classes).toEqual([
      {
        name: 'OrderService',
        kind: 'class',
        line: 8,
        endLine: 58,
        methods: ['OrderService', 'toString', 'place', 'find', 'discount'],
      },
      { name: 'Order', kind: 'record', line: 51, endLine: 51, methods: [] },
      { name: 'Tier', kind: 'enum', line: 53, endLine: 53, methods: [] },
      { name: 'Listener', kind: 'interface', line: 55, endLine: 57, methods: ['placed'] },
    ]);
    expect(result.imports.map((entry) => entry.module)).toEqual([
      'java.util.ArrayList',
      'java.util.List',
      'java.util.Optional',
    ]);
    expect(result.findings).toEqual([{ kind: 'FIXME', line: 22, text: 'FIXME: the limit should be per customer' }]);
  });

  it('Rust: impl blocks own their methods, traits list their signatures', async () => {
    const result = await analyse('cache.rs');
    expect(result.lines).toEqual({ total: 59, code: 48, comment: 3, blank: 8 });
    expect(result.functions).toEqual([
      { name: 'new', kind: 'method', parent: 'Cache', line: 18, endLine: 20, complexity: 1 },
      // Two match arms.
      { name: 'get', kind: 'method', parent: 'Cache', line: 22, endLine: 32, complexity: 3 },
      { name: 'put', kind: 'method', parent: 'Cache', line: 34, endLine: 41, complexity: 3 },
      { name: 'evict', kind: 'method', parent: 'Cache', line: 45, endLine: 52, complexity: 2 },
      { name: 'main', kind: 'function', line: 55, endLine: 59, complexity: 1 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Cache', kind: 'struct', line: 7, endLine: 11, methods: [] },
      { name: 'Evict', kind: 'trait', line: 13, endLine: 15, methods: ['evict'] },
      { name: 'Cache', kind: 'impl', line: 17, endLine: 42, methods: ['new', 'get', 'put'] },
      { name: 'Cache', kind: 'impl', line: 44, endLine: 53, methods: ['evict'] },
    ]);
    expect(result.imports.map((entry) => entry.module)).toEqual(['std::collections::HashMap', 'std::hash::Hash']);
    expect(result.findings).toEqual([{ kind: 'TODO', line: 35, text: 'TODO: avoid the full scan on eviction' }]);
  });

  it('C: functions behind pointer declarators, structs, enums, includes', async () => {
    const result = await analyse('ring.c');
    expect(result.lines).toEqual({ total: 56, code: 48, comment: 2, blank: 6 });
    expect(result.functions).toEqual([
      { name: 'ring_new', kind: 'function', line: 15, endLine: 28, complexity: 3 },
      { name: 'next', kind: 'function', line: 30, endLine: 33, complexity: 1 },
      { name: 'ring_put', kind: 'function', line: 36, endLine: 43, complexity: 2 },
      // The conditional and one case label; `default` is no decision.
      { name: 'ring_get', kind: 'function', line: 45, endLine: 56, complexity: 3 },
    ]);
    expect(result.classes).toEqual([
      { name: 'ring', kind: 'struct', line: 6, endLine: 11, methods: [] },
      { name: 'ring_status', kind: 'enum', line: 13, endLine: 13, methods: [] },
    ]);
    expect(result.imports.map((entry) => entry.module)).toEqual(['stdlib.h', 'string.h', 'ring.h']);
    expect(result.findings).toEqual([
      { kind: 'XXX', line: 35, text: 'XXX: a full ring drops the byte instead of blocking' },
    ]);
  });

  it('C++: constructors, members declared in the class and defined outside it, namespaces', async () => {
    const result = await analyse('matrix.cpp');
    expect(result.lines).toEqual({ total: 51, code: 40, comment: 2, blank: 9 });
    expect(result.functions).toEqual([
      { name: 'Matrix', kind: 'constructor', parent: 'Matrix', line: 10, endLine: 10, complexity: 1 },
      { name: 'at', kind: 'method', parent: 'Matrix', line: 12, endLine: 17, complexity: 3 },
      { name: 'multiply', kind: 'method', parent: 'Matrix', line: 33, endLine: 45, complexity: 4 },
      { name: 'square', kind: 'function', line: 47, endLine: 49, complexity: 2 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Matrix', kind: 'class', line: 8, endLine: 25, methods: ['Matrix', 'at', 'multiply'] },
      { name: 'Shape', kind: 'struct', line: 27, endLine: 30, methods: [] },
    ]);
    expect(result.imports.map((entry) => entry.module)).toEqual(['vector', 'stdexcept', 'matrix.hpp']);
    expect(result.findings).toEqual([
      { kind: 'TODO', line: 32, text: 'TODO: use blocked multiplication for large matrices' },
    ]);
  });

  it('C#: constructors, property getters with bodies, expression-bodied members, switch expressions', async () => {
    const result = await analyse('Ledger.cs');
    expect(result.lines).toEqual({ total: 56, code: 45, comment: 2, blank: 9 });
    expect(result.functions).toEqual([
      // `??` is a decision.
      { name: 'Ledger', kind: 'constructor', parent: 'Ledger', line: 12, endLine: 15, complexity: 2 },
      // The auto-property `Owner { get; }` has no body to measure.
      { name: 'Balance', kind: 'getter', parent: 'Ledger', line: 21, endLine: 21, complexity: 1 },
      { name: 'Post', kind: 'method', parent: 'Ledger', line: 24, endLine: 32, complexity: 3 },
      { name: 'Describe', kind: 'method', parent: 'Ledger', line: 34, endLine: 39, complexity: 4 },
      { name: 'Credits', kind: 'method', parent: 'Ledger', line: 41, endLine: 47, complexity: 3 },
    ]);
    expect(result.classes).toEqual([
      {
        name: 'Ledger',
        kind: 'class',
        line: 8,
        endLine: 48,
        methods: ['Ledger', 'Balance', 'Post', 'Describe', 'Credits'],
      },
      { name: 'IAudit', kind: 'interface', line: 50, endLine: 53, methods: ['Record'] },
      { name: 'Currency', kind: 'enum', line: 55, endLine: 55, methods: [] },
    ]);
    expect(result.imports.map((entry) => entry.module)).toEqual([
      'System',
      'System.Collections.Generic',
      'System.Linq',
    ]);
    expect(result.findings).toEqual([
      { kind: 'HACK', line: 26, text: 'HACK: zero entries are kept for the audit trail' },
    ]);
  });

  it('Ruby: modules, classes, singleton methods, modifiers and rescue', async () => {
    const result = await analyse('invoice.rb');
    expect(result.lines).toEqual({ total: 52, code: 38, comment: 4, blank: 10 });
    expect(result.functions).toEqual([
      { name: 'initialize', kind: 'constructor', parent: 'Invoice', line: 12, endLine: 15, complexity: 1 },
      // `return if`: a modifier.
      { name: 'add', kind: 'method', parent: 'Invoice', line: 17, endLine: 21, complexity: 2 },
      // The ternary inside the block counts for the method.
      { name: 'total', kind: 'method', parent: 'Invoice', line: 23, endLine: 28, complexity: 2 },
      { name: 'to_json', kind: 'method', parent: 'Invoice', line: 31, endLine: 33, complexity: 1 },
      { name: 'parse', kind: 'method', parent: 'Invoice', line: 35, endLine: 42, complexity: 3 },
      { name: 'status', kind: 'method', parent: 'Billing', line: 45, endLine: 51, complexity: 3 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Billing', kind: 'module', line: 7, endLine: 52, methods: ['status'] },
      {
        name: 'Invoice',
        kind: 'class',
        line: 9,
        endLine: 43,
        methods: ['initialize', 'add', 'total', 'to_json', 'parse'],
      },
    ]);
    expect(result.imports).toEqual([
      { module: 'json', line: 3 },
      { module: 'tax', line: 4 },
    ]);
    expect(result.findings).toEqual([
      { kind: 'TODO', line: 30, text: 'TODO: round per line, as the tax office wants' },
    ]);
  });

  it('PHP: constructor promotion, interfaces, use and require, match arms', async () => {
    const result = await analyse('UserRepository.php');
    expect(result.lines).toEqual({ total: 55, code: 42, comment: 4, blank: 9 });
    expect(result.functions).toEqual([
      { name: '__construct', kind: 'constructor', parent: 'UserRepository', line: 17, endLine: 19, complexity: 1 },
      // `if` and `?:`.
      { name: 'find', kind: 'method', parent: 'UserRepository', line: 21, endLine: 28, complexity: 3 },
      // foreach, if, `||`, `&&`.
      { name: 'all', kind: 'method', parent: 'UserRepository', line: 31, endLine: 40, complexity: 5 },
      // Two arms besides `default`.
      { name: 'role_label', kind: 'function', line: 48, endLine: 55, complexity: 3 },
    ]);
    expect(result.classes).toEqual([
      { name: 'UserRepository', kind: 'class', line: 15, endLine: 41, methods: ['__construct', 'find', 'all'] },
      { name: 'Repository', kind: 'interface', line: 43, endLine: 46, methods: ['find'] },
    ]);
    expect(result.imports).toEqual([
      { module: 'App\\Database\\Connection', line: 7 },
      { module: 'InvalidArgumentException', line: 8 },
      { module: 'helpers.php', line: 10 },
    ]);
    expect(result.findings).toEqual([{ kind: 'TODO', line: 30, text: 'TODO: paginate instead of loading every user' }]);
  });

  it('Bash: functions, case items, && and ||, sourced files', async () => {
    const result = await analyse('deploy.sh');
    expect(result.lines).toEqual({ total: 38, code: 29, comment: 3, blank: 6 });
    expect(result.functions).toEqual([
      { name: 'usage', kind: 'function', line: 8, endLine: 11, complexity: 1 },
      { name: 'hosts_for', kind: 'function', line: 14, endLine: 20, complexity: 4 },
      // for, if, &&.
      { name: 'deploy', kind: 'function', line: 22, endLine: 31, complexity: 4 },
      { name: 'main', kind: 'function', line: 33, endLine: 36, complexity: 2 },
    ]);
    expect(result.classes).toEqual([]);
    expect(result.imports).toEqual([
      { module: './lib/common.sh', line: 5 },
      { module: '$HOME/.deployrc', line: 6 },
    ]);
    expect(result.findings).toEqual([
      { kind: 'FIXME', line: 13, text: 'FIXME: read the hosts from the inventory instead' },
    ]);
  });
});

describe('tree-sitter analysis details', () => {
  it('reports lines of text with characters outside the BMP by their line, not their byte offset', async () => {
    const result = await analyzeSource({
      text: 's = "🎉🎉"\n# TODO: ünïcode\ndef f():\n    return 1\n',
      fileName: 'a.py',
    });
    expect(result.findings).toEqual([{ kind: 'TODO', line: 2, text: 'TODO: ünïcode' }]);
    expect(result.functions).toEqual([{ name: 'f', kind: 'function', line: 3, endLine: 4, complexity: 1 }]);
    expect(result.lines).toEqual({ total: 4, code: 3, comment: 1, blank: 0 });
  });

  it('keeps a syntax error local: definitions around it are still found', async () => {
    const result = await analyzeSource({ text: 'def a():\n    x = = 1\n\ndef b():\n    return 2\n', fileName: 'a.py' });
    expect(result.analyzer).toBe('tree-sitter');
    expect(result.functions.map((fn) => fn.name)).toContain('b');
  });

  it.each([
    [
      'kotlin',
      'Main.kt',
      'class A {\n    fun f(x: Int): Int {\n        return if (x > 0 && x < 9) 1 else 0\n    }\n}\n',
    ],
    [
      'swift',
      'A.swift',
      'class A {\n    func f(x: Int) -> Int {\n        if x > 0 && x < 9 { return 1 } else { return 0 }\n    }\n}\n',
    ],
    ['scala', 'A.scala', 'class A {\n  def f(x: Int): Int = {\n    if (x > 0 && x < 9) 1 else 0\n  }\n}\n'],
  ])('%s: methods of classes with their decisions', async (language, fileName, text) => {
    const result = await analyzeSource({ text, fileName });
    expect(result).toMatchObject({ language, analyzer: 'tree-sitter' });
    expect(result.functions).toEqual([{ name: 'f', kind: 'method', parent: 'A', line: 2, endLine: 4, complexity: 3 }]);
    expect(result.classes).toEqual([{ name: 'A', kind: 'class', line: 1, endLine: 5, methods: ['f'] }]);
  });
});

describe('the work budget of a parse', () => {
  const fixture = readFileSync(join(__dirname, 'fixtures', 'server.go'), 'utf8');

  it('gives a parse or query that needs more progress steps than its budget up, and parses within it', async () => {
    const grammar = await loadGrammar('go');
    expect(analyzeTree(grammar, fixture, 1)).toBeUndefined();
    // The parser is usable again after the cancelled parse.
    expect(analyzeTree(grammar, fixture)?.functions.length).toBeGreaterThan(0);
  });

  it('grows with the text', () => {
    expect(stepBudget('x'.repeat(1024 * 1024))).toBeGreaterThan(16 * stepBudget('x'.repeat(1024)));
  });

  it('leaves text nested past the bracket limit to the line counter, whatever its language', async () => {
    expect(bracketDepth('f(a[1], { b: (2) })')).toBe(3);
    expect(bracketDepth(')))(')).toBe(1);
    expect(analyzeTree(await loadGrammar('go'), `var x = ${'('.repeat(10_001)}1`)).toBeUndefined();
    expect(analyzeTree(await loadGrammar('go'), `var x = ${'('.repeat(10_000)}1`)).toBeDefined();
  });
});
