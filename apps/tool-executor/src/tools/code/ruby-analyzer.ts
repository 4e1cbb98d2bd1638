import { lineAt } from './lines';
import { ClassInfo, FunctionInfo, FunctionKind, Structure, addMethod } from './structure';

/**
 * Ruby heuristic: blocks are delimited by keywords, not braces. On the lexer's masked text (strings,
 * heredocs, `#` and `=begin` comments blanked):
 * - Openers that need an `end`: `def` (not the endless `def x = …`), `class`, `module`, `begin`,
 *   `for`, `do` (except the optional `do` of a `while`/`until`/`for` on the same line), and
 *   `if`/`unless`/`while`/`until`/`case` when they start a statement (line start, after `;`, `=`,
 *   `(`, `[`, `,`, `{`, `then`, `else`, `do`, `begin`); elsewhere they are modifiers (`return if x`).
 * - `end` closes the innermost opener; a method's endLine is the line of its `end`.
 * - A `def` whose nearest enclosing `class`/`module` (or `class << self`) comes before any `def` is a
 *   method (`initialize` a constructor); `def self.x` keeps its `self.` prefix.
 * - Complexity = 1 + `if`, `unless`, `elsif`, `while`, `until`, `for`, `when`, `rescue` (modifiers
 *   included), `and`, `or`, `&&`, `||`, spaced ternary ` ? `. Blocks (`do … end`, `{ … }`) are not
 *   separate functions. Keywords after `.` or `::`, or as symbols/labels (`if:`), are method names.
 */
interface Block {
  type: 'function' | 'class' | 'block';
  function?: FunctionInfo;
  class?: ClassInfo;
  /** `class << self`: shares the outer class's entry, whose endLine only the class's own `end` sets. */
  singleton?: boolean;
}

const TOKENS =
  /(?<![\w.:$@])(?:def|class|module|if|unless|while|until|case|begin|for|do|end|elsif|when|rescue|and|or)(?![\w?!:])|&&|\|\||(?<=\s)\?(?=\s)/g;
const DEF_NAME = /^\s+((?:self\.)?(?:[A-Za-z_]\w*[?!=]?|\[\]=?|[+\-*/%<>=!~^&|]+@?))/;
const ENDLESS = /^\s*(?:\([^)]*\))?\s*=(?![=~>])/;
const STATEMENT_START = /(?:^|[=([,{;]|\b(?:then|else|do|begin))\s*$/;
const STATEMENT_START_WITHIN = /(?:[=([,{;]|\b(?:then|else|do|begin))\s*$/;
/** How far back on a line the statement-start test looks; keeps long lines linear. */
const LOOK_BACK = 200;
const DECISIONS = new Set([
  'if',
  'unless',
  'elsif',
  'while',
  'until',
  'for',
  'when',
  'rescue',
  'and',
  'or',
  '&&',
  '||',
  '?',
]);

export function analyzeRuby(masked: string, lineStarts: readonly number[]): Structure {
  const functions: FunctionInfo[] = [];
  const classes: ClassInfo[] = [];
  const stack: Block[] = [];
  const line = (offset: number): number => lineAt(lineStarts, offset);
  let loopLine = -1;
  let lineStart = 0;
  let nextNewline = masked.indexOf('\n');

  /** Nearest function or class at or below each stack level, so finding it is O(1) however deep the plain blocks nest. */
  const owners: Array<Block | undefined> = [];
  const push = (block: Block): void => {
    owners.push(block.type !== 'block' ? block : owners[owners.length - 1]);
    stack.push(block);
  };
  const pop = (): Block | undefined => {
    owners.pop();
    return stack.pop();
  };
  const enclosing = (): Block | undefined => owners[owners.length - 1];

  for (const match of masked.matchAll(TOKENS)) {
    const token = match[0];
    const at = match.index;
    while (nextNewline !== -1 && nextNewline < at) {
      lineStart = nextNewline + 1;
      nextNewline = masked.indexOf('\n', lineStart);
    }
    const lineEnd = nextNewline === -1 ? masked.length : nextNewline;
    const here = line(at);
    const from = Math.max(lineStart, at - LOOK_BACK);
    const startsStatement = (from === lineStart ? STATEMENT_START : STATEMENT_START_WITHIN).test(
      masked.slice(from, at),
    );

    const owner = enclosing();
    if (DECISIONS.has(token) && owner?.function) owner.function.complexity++;

    switch (token) {
      case 'def': {
        const rest = masked.slice(at + 3, Math.min(lineEnd, at + 3 + LOOK_BACK));
        const name = DEF_NAME.exec(rest)?.[1];
        if (!name) break;
        let kind: FunctionKind = 'function';
        let parent: string | undefined;
        if (owner?.type === 'class') {
          kind = name === 'initialize' ? 'constructor' : 'method';
          parent = owner.class?.name;
          if (owner.class) addMethod(owner.class, name);
        } else if (owner?.function) {
          parent = owner.function.name;
        }
        const info: FunctionInfo = {
          name,
          kind,
          ...(parent ? { parent } : {}),
          line: here,
          endLine: here,
          complexity: 1,
        };
        functions.push(info);
        const afterName = rest.slice((DEF_NAME.exec(rest)?.[0] ?? '').length);
        if (!ENDLESS.test(afterName)) push({ type: 'function', function: info });
        break;
      }
      case 'class':
      case 'module': {
        const rest = masked.slice(at + token.length, at + token.length + 200);
        const name = /^\s+([A-Z]\w*(?:::[A-Z]\w*)*)/.exec(rest)?.[1];
        if (name) {
          const info: ClassInfo = {
            name,
            kind: token === 'class' ? 'class' : 'module',
            line: here,
            endLine: here,
            methods: [],
          };
          classes.push(info);
          push({ type: 'class', class: info });
        } else {
          // `class << self`: its methods are singleton methods of the class around it.
          push({ type: 'class', singleton: true, ...(owner?.class ? { class: owner.class } : {}) });
        }
        break;
      }
      case 'if':
      case 'unless':
      case 'case':
        if (startsStatement) push({ type: 'block' });
        break;
      case 'while':
      case 'until':
        if (startsStatement) {
          push({ type: 'block' });
          loopLine = here;
        }
        break;
      case 'for':
        push({ type: 'block' });
        loopLine = here;
        break;
      case 'begin':
        push({ type: 'block' });
        break;
      case 'do':
        if (loopLine === here) loopLine = -1;
        else push({ type: 'block' });
        break;
      case 'end': {
        const block = pop();
        if (block?.type === 'function' && block.function) block.function.endLine = here;
        if (block?.type === 'class' && block.class && !block.singleton) block.class.endLine = here;
        break;
      }
      default:
        break;
    }
  }
  const last = lineStarts.length;
  for (const block of stack) {
    if (block.function) block.function.endLine = last;
    if (block.class) block.class.endLine = last;
  }
  return { functions, classes };
}
