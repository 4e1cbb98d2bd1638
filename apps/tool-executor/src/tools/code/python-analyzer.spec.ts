import { analyzeSource } from './analyze-source';

const INVENTORY = `#!/usr/bin/env python3
"""Module docstring.

Spans lines."""
import os


class Inventory(object):
    """Holds items."""

    def __init__(self, items=None):
        self.items = items or []

    @property
    def size(self):
        return len(self.items)

    def find(self, name):
        # TODO(ana): index by name
        for item in self.items:
            if item.name == name and not item.hidden:
                return item
        return None


def parse(text):
    query = """
SELECT * FROM t WHERE a = 'x' # not a comment, if or and
"""
    result = [line for line in text.splitlines() if line.strip()]
    try:
        value = int(result[0]) if result else 0
    except ValueError:
        value = -1
    except (TypeError, IndexError):
        value = -2
    while value > 10:
        value -= 1

    def helper(x):
        return x if x > 0 else -x

    match value:
        case 0:
            return "zero"
        case 1 | 2:
            return "small"
        case _:
            return helper(value)
# FIXME trailing
`;

describe('analyzeSource on Python (indentation heuristic)', () => {
  const result = analyzeSource({ text: INVENTORY });

  it('detects Python from the shebang', () => {
    expect(result.language).toBe('python');
    expect(result.detectedBy).toBe('shebang');
    expect(result.analyzer).toBe('python-heuristic');
  });

  it('counts docstrings and # comments as comment lines, strings as code', () => {
    expect(result.lines).toEqual({ total: 50, code: 34, comment: 6, blank: 10 });
  });

  it('finds functions, methods, nested functions and their complexity', () => {
    expect(result.functions).toEqual([
      { name: '__init__', kind: 'constructor', parent: 'Inventory', line: 11, endLine: 12, complexity: 2 },
      { name: 'size', kind: 'getter', parent: 'Inventory', line: 15, endLine: 16, complexity: 1 },
      { name: 'find', kind: 'method', parent: 'Inventory', line: 18, endLine: 23, complexity: 4 },
      { name: 'parse', kind: 'function', line: 26, endLine: 49, complexity: 9 },
      { name: 'helper', kind: 'function', parent: 'parse', line: 40, endLine: 41, complexity: 2 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Inventory', kind: 'class', line: 8, endLine: 23, methods: ['__init__', 'size', 'find'] },
    ]);
    expect(result.averageComplexity).toBe(3.6);
    expect(result.maxComplexity).toBe(9);
  });

  it('reports markers from comments, not from strings', () => {
    expect(result.findings).toEqual([
      { kind: 'TODO', line: 19, text: 'TODO(ana): index by name' },
      { kind: 'FIXME', line: 50, text: 'FIXME trailing' },
    ]);
  });
});

describe('Python details', () => {
  it('joins bracketed and backslash-continued lines, and handles one-line bodies, async and setters', () => {
    const text = [
      'class A:', // 1
      '    def one(self): return 1 if self else 2', // 2
      '    @value.setter', // 3
      '    def value(self, v):', // 4
      '        self._v = (v or', // 5
      '                   0)', // 6
      '    async def fetch(self,', // 7
      '                    url):', // 8
      '        async for chunk in url: \\', // 9
      '            pass', // 10
      '', // 11
      'def top(): pass', // 12
    ].join('\n');
    const result = analyzeSource({ text, fileName: 'a.py' });
    expect(result.functions).toEqual([
      { name: 'one', kind: 'method', parent: 'A', line: 2, endLine: 2, complexity: 2 },
      { name: 'value', kind: 'setter', parent: 'A', line: 4, endLine: 6, complexity: 2 },
      { name: 'fetch', kind: 'method', parent: 'A', line: 7, endLine: 10, complexity: 2 },
      { name: 'top', kind: 'function', line: 12, endLine: 12, complexity: 1 },
    ]);
    expect(result.classes).toEqual([
      { name: 'A', kind: 'class', line: 1, endLine: 10, methods: ['one', 'value', 'fetch'] },
    ]);
  });

  it('does not let a dedented multi-line string close a function', () => {
    const text = ['def f(x):', '    s = """', 'if and or', '"""', '    if x:', '        return s', ''].join('\n');
    const [fn] = analyzeSource({ text, fileName: 'f.py' }).functions;
    expect(fn).toEqual({ name: 'f', kind: 'function', line: 1, endLine: 6, complexity: 2 });
  });

  it('ignores keywords inside identifiers, strings and comments', () => {
    const text = [
      'def g(format, order):',
      "    print('if for while')  # and or",
      '    return format_or(order)',
      '',
    ].join('\n');
    expect(analyzeSource({ text, fileName: 'g.py' }).functions[0]?.complexity).toBe(1);
  });
});
