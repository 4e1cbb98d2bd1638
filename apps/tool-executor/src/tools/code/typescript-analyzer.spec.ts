import { CodeAnalysis, analyzeSource } from './analyze-source';

const GREETER = `import { readFile } from 'node:fs/promises';

/**
 * Greets people.
 */
export class Greeter {
  private count = 0;

  constructor(private readonly greeting: string) {}

  // TODO: localise the greeting
  greet(name?: string): string {
    if (!name) {
      return this.greeting;
    }
    this.count++;
    return \`\${this.greeting}, \${name ?? 'stranger'}\`;
  }

  get total(): number {
    return this.count > 10 ? 10 : this.count;
  }
}

export async function load(path: string, retries = 3): Promise<string> {
  for (let attempt = 0; attempt < retries; attempt++) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (attempt === retries - 1 && !(error instanceof TypeError)) throw error; // FIXME: keep the cause
    }
  }
  return '';
}

const classify = (value: number): string => {
  switch (true) {
    case value < 0:
      return 'negative';
    case value === 0:
      return 'zero';
    default:
      return value > 100 || value < -100 ? 'large' : 'positive';
  }
};

export const evens = (items: number[]) => items.filter((item) => item % 2 === 0 && item > 0);
/* a block comment

   spanning lines with a "string" */
const url = 'http://example.com/*not a comment*/'; // HACK: hard-coded
`;

describe('analyzeSource on TypeScript (compiler API)', () => {
  let result: CodeAnalysis;
  beforeAll(async () => {
    result = await analyzeSource({ text: GREETER, fileName: 'src/greeter.ts' });
  });

  it('detects the language from the extension and uses the compiler', () => {
    expect(result.language).toBe('typescript');
    expect(result.detectedBy).toBe('extension');
    expect(result.analyzer).toBe('typescript-compiler');
  });

  it('counts code, comment and blank lines, with a blank line inside a block comment counted blank', () => {
    expect(result.lines).toEqual({ total: 51, code: 37, comment: 6, blank: 8 });
  });

  it('lists every function with its kind, range and own cyclomatic complexity', () => {
    expect(result.functions).toEqual([
      { name: 'constructor', kind: 'constructor', parent: 'Greeter', line: 9, endLine: 9, complexity: 1 },
      { name: 'greet', kind: 'method', parent: 'Greeter', line: 12, endLine: 18, complexity: 3 },
      { name: 'total', kind: 'getter', parent: 'Greeter', line: 20, endLine: 22, complexity: 2 },
      { name: 'load', kind: 'function', line: 25, endLine: 34, complexity: 5 },
      { name: 'classify', kind: 'arrow', line: 36, endLine: 45, complexity: 5 },
      { name: 'evens', kind: 'arrow', line: 47, endLine: 47, complexity: 1 },
      { name: '<anonymous>', kind: 'arrow', parent: 'evens', line: 47, endLine: 47, complexity: 2 },
    ]);
    expect(result.averageComplexity).toBe(2.71);
    expect(result.maxComplexity).toBe(5);
  });

  it('lists classes with their methods', () => {
    expect(result.classes).toEqual([
      { name: 'Greeter', kind: 'class', line: 6, endLine: 23, methods: ['constructor', 'greet', 'total'] },
    ]);
  });

  it('reports markers found in comments only, with their line', () => {
    expect(result.findings).toEqual([
      { kind: 'TODO', line: 11, text: 'TODO: localise the greeting' },
      { kind: 'FIXME', line: 30, text: 'FIXME: keep the cause' },
      { kind: 'HACK', line: 51, text: 'HACK: hard-coded' },
    ]);
    expect(result.counts).toEqual({ functions: 7, classes: 1, imports: 1, findings: 3 });
    expect(result.truncated).toBe(false);
  });
});

describe('TypeScript/JavaScript details', () => {
  it('counts logical assignments as decisions and ignores optional chaining and default clauses', async () => {
    const text = [
      'function f(a, b) {', // 1
      '  a ||= 1;', // +1
      '  b ??= a?.x;', // +1
      '  while (a) { a--; }', // +1
      '  do { b--; } while (b > 0);', // +1
      '  for (const k in a) {}', // +1
      '  for (const v of b) {}', // +1
      '  switch (a) { case 1: break; default: break; }', // +1
      '  return a && b ? 1 : 2;', // +2
      '}',
    ].join('\n');
    const [fn] = (await analyzeSource({ text, fileName: 'f.js' })).functions;
    expect(fn).toEqual({ name: 'f', kind: 'function', line: 1, endLine: 10, complexity: 10 });
  });

  it('names functions from their assignment, property, export or JSX attribute', async () => {
    const text = [
      'module.exports.handler = function () { return 1; };',
      'export default function () {}',
      'const api = { list() { return []; }, remove: async (id) => id };',
      'const view = <Button onClick={() => save()}>// not a comment</Button>;',
      'items.forEach(function named(x) {});',
    ].join('\n');
    const result = await analyzeSource({ text, fileName: 'app.jsx' });
    expect(result.functions.map((fn) => [fn.name, fn.kind, fn.line])).toEqual([
      ['handler', 'function', 1],
      ['default', 'function', 2],
      ['list', 'method', 3],
      ['remove', 'arrow', 3],
      ['onClick', 'arrow', 4],
      ['named', 'function', 5],
    ]);
    // JSX text is content, not a comment.
    expect(result.lines).toEqual({ total: 5, code: 5, comment: 0, blank: 0 });
    expect(result.findings).toEqual([]);
  });

  it('starts a decorated method at its own line, skips overloads and abstract members, and lists interfaces', async () => {
    const text = [
      '@Injectable()', // 1
      'export abstract class Repo<T> {', // 2
      '  abstract find(id: string): T;', // 3
      '  save(item: T): void;', // 4
      '  save(item: T, force?: boolean): void {', // 5
      '    if (force) return;', // 6
      '  }', // 7
      '  @Get(":id")', // 8
      '  @Roles("admin")', // 9
      '  async get(id: string) {', // 10
      '    return id;', // 11
      '  }', // 12
      '  handle = (e: Event) => e.type === "x" || e.type === "y";', // 13
      '}', // 14
      'interface Store { load(): void; size: number; clear(): void }', // 15
    ].join('\n');
    const result = await analyzeSource({ text, fileName: 'repo.ts' });
    expect(result.functions).toEqual([
      { name: 'save', kind: 'method', parent: 'Repo', line: 5, endLine: 7, complexity: 2 },
      { name: 'get', kind: 'method', parent: 'Repo', line: 10, endLine: 12, complexity: 1 },
      { name: 'handle', kind: 'arrow', parent: 'Repo', line: 13, endLine: 13, complexity: 2 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Repo', kind: 'class', line: 2, endLine: 14, methods: ['find', 'save', 'get', 'handle'] },
      { name: 'Store', kind: 'interface', line: 15, endLine: 15, methods: ['load', 'clear'] },
    ]);
  });

  it('treats a hashbang as a comment, keeps template literal lines as code and reads CRLF files', async () => {
    const text =
      '#!/usr/bin/env node\r\nconst sql = `\r\n// inside a template\r\n`;\r\n\r\n// todo: lowercase marker at the start\r\n';
    const result = await analyzeSource({ text, fileName: 'cli.mjs' });
    expect(result.language).toBe('javascript');
    expect(result.lines).toEqual({ total: 6, code: 3, comment: 2, blank: 1 });
    expect(result.findings).toEqual([{ kind: 'TODO', line: 6, text: 'todo: lowercase marker at the start' }]);
  });

  it('lists imports: import and export from, import = require, require() and import()', async () => {
    const text = [
      "import fs from 'node:fs';",
      "export { a } from './a';",
      "import path = require('node:path');",
      "const zlib = require('zlib');",
      'async function load() {',
      "  return import('./lazy');",
      '}',
    ].join('\n');
    const result = await analyzeSource({ text, fileName: 'imports.ts' });
    expect(result.imports).toEqual([
      { module: 'node:fs', line: 1 },
      { module: './a', line: 2 },
      { module: 'node:path', line: 3 },
      { module: 'zlib', line: 4 },
      { module: './lazy', line: 6 },
    ]);
  });

  it('analyses TSX content without a file name and survives syntax errors', async () => {
    const tsx = await analyzeSource({
      text: 'export const App = () => <div>{ok ? <b/> : null}</div>;\n',
      language: 'typescript',
    });
    expect(tsx.functions).toEqual([{ name: 'App', kind: 'arrow', line: 1, endLine: 1, complexity: 2 }]);
    const broken = await analyzeSource({ text: 'function ok() { if (x) {\n', fileName: 'broken.ts' });
    expect(broken.functions).toEqual([{ name: 'ok', kind: 'function', line: 1, endLine: 1, complexity: 2 }]);
  });
});
