import type { LexResult } from './lexer';
import { lineAt } from './lines';
import { ClassInfo, FunctionInfo, FunctionKind, Structure, addMethod } from './structure';

/**
 * Python heuristic (no Python parser at runtime), working on the lexer's masked text so strings and
 * comments never count:
 * - Physical lines are joined into logical lines: open brackets, a trailing backslash, or a line
 *   starting inside a multi-line string continue the previous line.
 * - Blocks follow indentation: a `def` or `class` owns every following logical line indented deeper
 *   than itself; it ends (endLine) at its last non-blank, non-comment line.
 * - A `def` directly in a class body is a method (`__init__` a constructor, `@property` a getter,
 *   `@x.setter` a setter); a `def` in a `def` is a nested function with that parent.
 * - Complexity of a function = 1 + the keywords `if`, `elif`, `for`, `while`, `except`, `and`, `or`
 *   in its own lines (comprehension `for`/`if` and conditional expressions included, as they are the
 *   same keywords) + each `case` clause of a `match` except the wildcard `case _:`. Lines of a nested
 *   `def` count for the nested function only. `else`, `try`, `with`, `lambda` add nothing.
 */
interface LogicalLine {
  firstLine: number;
  lastLine: number;
  text: string;
  indent: number;
}

interface Block {
  indent: number;
  function?: FunctionInfo;
  class?: ClassInfo;
}

const DEF = /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/;
const CLASS = /^\s*class\s+([A-Za-z_]\w*)/;
const DECISION = /\b(?:if|elif|for|while|except|and|or)\b/g;
const DECORATOR = /^\s*@/;
const GETTER_DECORATOR = /^\s*@(\w+\.)*(property|cached_property)\b/;
const SETTER_DECORATOR = /^\s*@\w+\.setter\b/;
const CASE_CLAUSE = /^\s*case\b(?!\s+_\s*:)/;

function indentWidth(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width++;
    else if (char === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else if (char === '\f') width = 0;
    else break;
  }
  return width;
}

function bracketBalance(line: string): number {
  let balance = 0;
  for (const char of line) {
    if (char === '(' || char === '[' || char === '{') balance++;
    else if (char === ')' || char === ']' || char === '}') balance--;
  }
  return balance;
}

export function logicalLines(lex: LexResult, lineStarts: readonly number[]): LogicalLine[] {
  const physical = lex.masked.split('\n');
  const continues = new Uint8Array(physical.length + 1);
  for (const range of lex.multiline) {
    const first = lineAt(lineStarts, range.start);
    const last = lineAt(lineStarts, Math.max(range.start, range.end - 1));
    for (let line = first + 1; line <= last; line++) continues[line - 1] = 1;
  }
  const result: LogicalLine[] = [];
  let current: LogicalLine | undefined;
  let depth = 0;
  let backslash = false;
  for (let index = 0; index < lineStarts.length; index++) {
    const text = physical[index] ?? '';
    const joins = current !== undefined && (depth > 0 || backslash || continues[index] === 1);
    if (joins && current) {
      current.text += `\n${text}`;
      current.lastLine = index + 1;
    } else {
      if (current) result.push(current);
      current = { firstLine: index + 1, lastLine: index + 1, text, indent: indentWidth(text) };
      depth = 0;
    }
    depth = Math.max(0, depth + bracketBalance(text));
    backslash = text.trimEnd().endsWith('\\');
  }
  if (current) result.push(current);
  return result.filter((line) => line.text.trim() !== '');
}

export function analyzePython(lex: LexResult, lineStarts: readonly number[]): Structure {
  const functions: FunctionInfo[] = [];
  const classes: ClassInfo[] = [];
  const stack: Block[] = [];
  let lastContentLine = 0;
  // What the decorators right above a `def` say, kept as two flags: a list of them would be copied
  // once per decorator line, which made thousands of stacked decorators quadratic.
  let decoratedAsGetter = false;
  let decoratedAsSetter = false;

  const close = (block: Block): void => {
    if (block.function) block.function.endLine = lastContentLine;
    if (block.class) block.class.endLine = lastContentLine;
  };

  for (const logical of logicalLines(lex, lineStarts)) {
    while (stack.length > 0 && (stack[stack.length - 1] as Block).indent >= logical.indent) close(stack.pop() as Block);
    const top = stack[stack.length - 1];
    const text = logical.text;

    const def = DEF.exec(text);
    const cls = def ? null : CLASS.exec(text);
    if (def?.[1]) {
      const name = def[1];
      let kind: FunctionKind = 'function';
      let parent: string | undefined;
      if (top?.class) {
        parent = top.class.name;
        addMethod(top.class, name);
        kind = 'method';
        if (name === '__init__') kind = 'constructor';
        else if (decoratedAsGetter) kind = 'getter';
        else if (decoratedAsSetter) kind = 'setter';
      } else if (top?.function) {
        parent = top.function.name;
      }
      const info: FunctionInfo = {
        name,
        kind,
        ...(parent ? { parent } : {}),
        line: logical.firstLine,
        endLine: logical.lastLine,
        complexity: 1,
      };
      functions.push(info);
      stack.push({ indent: logical.indent, function: info });
    } else if (cls?.[1]) {
      const info: ClassInfo = {
        name: cls[1],
        kind: 'class',
        line: logical.firstLine,
        endLine: logical.lastLine,
        methods: [],
      };
      classes.push(info);
      stack.push({ indent: logical.indent, class: info });
    }
    if (DECORATOR.test(text)) {
      decoratedAsGetter ||= GETTER_DECORATOR.test(text);
      decoratedAsSetter ||= SETTER_DECORATOR.test(text);
    } else {
      decoratedAsGetter = false;
      decoratedAsSetter = false;
    }

    const owner = stack[stack.length - 1]?.function;
    if (owner) {
      owner.complexity += text.match(DECISION)?.length ?? 0;
      if (CASE_CLAUSE.test(text) && text.trimEnd().endsWith(':')) owner.complexity++;
    }
    lastContentLine = logical.lastLine;
  }
  while (stack.length > 0) close(stack.pop() as Block);
  return { functions, classes };
}
