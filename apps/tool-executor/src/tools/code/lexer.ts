import { LexicalSyntax, StringSyntax } from './languages';

/** Half-open character range `[start, end)` in the analysed text. */
export interface TextRange {
  start: number;
  end: number;
}

export interface LexResult {
  /** Comments (and Python docstrings), in order, never overlapping. */
  comments: TextRange[];
  /**
   * The text with comments and the insides of strings replaced by spaces (line breaks kept, so
   * offsets and line numbers are unchanged): what the structural heuristics scan, so that a `{`,
   * a keyword or a `def` inside a string or comment is never taken for code.
   */
  masked: string;
  /** Strings and comments spanning more than one line; lines they continue onto start "inside" them. */
  multiline: TextRange[];
}

interface PendingHeredoc {
  terminator: string;
  /** The terminator may be indented (`<<~`, `<<-`, PHP 7.3+). */
  indented: boolean;
  php: boolean;
}

const HEREDOC: Record<NonNullable<LexicalSyntax['heredoc']>, RegExp> = {
  ruby: /<<([~-]?)(['"`]?)([A-Za-z_]\w*)\2/y,
  shell: /<<(-?)[ \t]*(['"]?)([A-Za-z_]\w*)\2/y,
  php: /<<<()[ \t]*(['"]?)([A-Za-z_]\w*)\2/y,
};
const CPP_RAW = /(?:u8|[uUL])?R"([^()\\\s"]{0,16})\(/y;
const RUST_RAW = /b?r(#*)"/y;
const CHAR_LITERAL = /'(?:\\(?:u\{[0-9a-fA-F]{1,6}\}|[^\n]{1,9}?)|[^\\'\n])'/y;

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && /[\w$]/.test(char);
}

/**
 * One pass over the text that knows just enough of a language's lexical rules (comments, strings,
 * character literals, raw strings, heredocs) to tell comments and string contents from code. It is
 * not a parser: regex literals (JavaScript, Ruby) and string interpolation are not understood; the
 * TypeScript/JavaScript path uses the compiler instead.
 */
export function lex(text: string, syntax: LexicalSyntax): LexResult {
  const comments: TextRange[] = [];
  const multiline: TextRange[] = [];
  const out: string[] = [];
  let copiedUpTo = 0;
  let lineStart = 0;
  const pending: PendingHeredoc[] = [];

  const interesting = new Set<string>(['\n']);
  for (const comment of syntax.lineComments) interesting.add(comment[0] ?? '');
  for (const comment of syntax.blockComments) interesting.add(comment.open[0] ?? '');
  for (const string of syntax.strings) interesting.add(string.open[0] ?? '');
  if (syntax.charLiterals) interesting.add("'");
  if (syntax.heredoc) interesting.add('<');
  if (syntax.rawStrings === 'cpp') ['R', 'u', 'U', 'L'].forEach((c) => interesting.add(c));
  if (syntax.rawStrings === 'rust') ['r', 'b'].forEach((c) => interesting.add(c));

  /** Replaces a comment, or the inside of a string or docstring (its delimiters kept), by spaces in `masked`. */
  const mask = (start: number, end: number, kind: 'comment' | 'string' | 'docstring', open = '', close = ''): void => {
    out.push(text.slice(copiedUpTo, start));
    const inner = text.slice(start, end);
    if (kind !== 'string') comments.push({ start, end });
    if (kind === 'comment') {
      out.push(blank(inner));
    } else {
      const openLength = inner.startsWith(open) ? open.length : 0;
      const closed = close !== '' && inner.length >= openLength + close.length && inner.endsWith(close);
      const closeStart = closed ? inner.length - close.length : inner.length;
      out.push(inner.slice(0, openLength), blank(inner.slice(openLength, closeStart)), inner.slice(closeStart));
    }
    if (inner.includes('\n')) multiline.push({ start, end });
    copiedUpTo = end;
  };

  // Both scan back over blanks only, so a long line costs its length once, not once per string on it.
  const previousNonSpace = (index: number): string | undefined => {
    let j = index - 1;
    while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
    return j >= lineStart ? text[j] : undefined;
  };
  const firstOnLine = (index: number): boolean => previousNonSpace(index) === undefined;

  /** End (exclusive) of a string opened at `index`; unterminated single-line strings stop at the line break. */
  const stringEnd = (index: number, string: StringSyntax): number => {
    let j = index + string.open.length;
    while (j < text.length) {
      const char = text[j];
      if (string.escape && char === '\\') {
        j += 2;
        continue;
      }
      if (text.startsWith(string.close, j)) return j + string.close.length;
      if (char === '\n' && !string.multiline) return j;
      j++;
    }
    return text.length;
  };

  const consumeHeredocs = (from: number): number => {
    let position = from;
    while (pending.length > 0 && position < text.length) {
      const heredoc = pending.shift() as PendingHeredoc;
      const bodyStart = position;
      let found = false;
      while (position < text.length) {
        const newline = text.indexOf('\n', position);
        const lineEnd = newline === -1 ? text.length : newline;
        const line = text.slice(position, lineEnd);
        const candidate = heredoc.indented ? line.trimStart() : line;
        // PHP lets code follow the closing identifier (`EOT;`, `EOT)`); Ruby and shell want it alone.
        const closes = heredoc.php
          ? candidate.startsWith(heredoc.terminator) && !/^\w/.test(candidate.slice(heredoc.terminator.length))
          : candidate.trimEnd() === heredoc.terminator;
        if (closes) {
          mask(bodyStart, position, 'string');
          position = newline === -1 ? text.length : newline + 1;
          found = true;
          break;
        }
        position = newline === -1 ? text.length : newline + 1;
      }
      if (!found) mask(bodyStart, text.length, 'string');
    }
    return position;
  };

  let i = 0;
  scan: while (i < text.length) {
    const char = text[i] as string;
    if (!interesting.has(char)) {
      i++;
      continue;
    }
    if (char === '\n') {
      i++;
      lineStart = i;
      if (pending.length > 0) {
        i = consumeHeredocs(i);
        lineStart = text.lastIndexOf('\n', i - 1) + 1;
      }
      continue;
    }

    for (const block of syntax.blockComments) {
      if (!text.startsWith(block.open, i)) continue;
      if (block.atLineStart && i !== lineStart) continue;
      let end: number;
      if (block.atLineStart) {
        const close = new RegExp(`^${block.close}\\b`, 'm');
        const rest = text.slice(i + block.open.length);
        const match = close.exec(rest);
        const closeAt = match ? i + block.open.length + match.index : text.length;
        const lineEnd = text.indexOf('\n', closeAt);
        end = lineEnd === -1 ? text.length : lineEnd;
      } else {
        let depth = 1;
        let j = i + block.open.length;
        while (j < text.length && depth > 0) {
          if (text.startsWith(block.close, j)) {
            depth--;
            j += block.close.length;
          } else if (block.nests && text.startsWith(block.open, j)) {
            depth++;
            j += block.open.length;
          } else j++;
        }
        end = j;
      }
      mask(i, end, 'comment');
      i = end;
      continue scan;
    }

    for (const line of syntax.lineComments) {
      if (!text.startsWith(line, i)) continue;
      if (syntax.lineCommentAtLineStart && !firstOnLine(i)) continue;
      if (syntax.lineCommentNeedsBoundary && i > lineStart && !/[\s;|&(]/.test(text[i - 1] ?? '')) continue;
      if (syntax.hashBracketIsCode && line === '#' && text[i + 1] === '[') continue;
      const newline = text.indexOf('\n', i);
      const end = newline === -1 ? text.length : newline;
      mask(i, end, 'comment');
      i = end;
      continue scan;
    }

    if (syntax.rawStrings && !isIdentifierChar(text[i - 1])) {
      if (syntax.rawStrings === 'cpp') {
        CPP_RAW.lastIndex = i;
        const match = CPP_RAW.exec(text);
        if (match) {
          const close = `)${match[1] ?? ''}"`;
          const closeAt = text.indexOf(close, i + match[0].length);
          const end = closeAt === -1 ? text.length : closeAt + close.length;
          mask(i, end, 'string', match[0], close);
          i = end;
          continue;
        }
      } else {
        RUST_RAW.lastIndex = i;
        const match = RUST_RAW.exec(text);
        if (match) {
          const close = `"${match[1] ?? ''}`;
          const closeAt = text.indexOf(close, i + match[0].length);
          const end = closeAt === -1 ? text.length : closeAt + close.length;
          mask(i, end, 'string', match[0], close);
          i = end;
          continue;
        }
      }
    }

    if (syntax.heredoc && char === '<') {
      const pattern = HEREDOC[syntax.heredoc];
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      const before = text[i - 1];
      // `class << self`, `a << b` and `<<<` here-strings are not heredocs.
      const plausible = match && before !== '<' && text[i + match[0].length] !== '<';
      if (match && plausible && (syntax.heredoc !== 'ruby' || !/[\w)\]]/.test(before ?? ''))) {
        pending.push({
          terminator: match[3] ?? '',
          indented: syntax.heredoc === 'php' || (match[1] ?? '') !== '',
          php: syntax.heredoc === 'php',
        });
        i += match[0].length;
        continue;
      }
    }

    for (const string of syntax.strings) {
      if (!text.startsWith(string.open, i)) continue;
      if (syntax.quotesOnlyAtValueStart) {
        const previous = previousNonSpace(i);
        if (previous !== undefined && !':-[{,?'.includes(previous)) continue;
      }
      const end = stringEnd(i, string);
      const isDocstring = syntax.docstrings === true && string.open.length === 3 && firstOnLine(i);
      // A docstring is a comment for the line counts but stays a statement for the indentation heuristics.
      mask(i, end, isDocstring ? 'docstring' : 'string', string.open, string.close);
      i = end;
      continue scan;
    }

    if (syntax.charLiterals && char === "'") {
      CHAR_LITERAL.lastIndex = i;
      const match = CHAR_LITERAL.exec(text);
      if (match) {
        mask(i, i + match[0].length, 'string', "'", "'");
        i += match[0].length;
        continue;
      }
    }
    i++;
  }
  out.push(text.slice(copiedUpTo));
  return { comments, masked: out.join(''), multiline };
}
