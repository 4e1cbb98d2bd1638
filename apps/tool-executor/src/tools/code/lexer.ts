import type { LexicalSyntax, StringSyntax } from './languages';
import type { TextRange } from './lines';

/**
 * The comments of a text no parser read (formats without a grammar, and files a parser gave up
 * on; see SYNTAX): one pass that knows only comment delimiters and strings, so a comment delimiter
 * inside a string is not taken for a comment.
 */
export function findComments(text: string, syntax: LexicalSyntax): TextRange[] {
  const comments: TextRange[] = [];
  let lineStart = 0;

  const interesting = new Set<string>(['\n']);
  for (const comment of syntax.lineComments) interesting.add(comment[0] ?? '');
  for (const comment of syntax.blockComments) interesting.add(comment.open[0] ?? '');
  for (const string of syntax.strings) interesting.add(string.open[0] ?? '');

  // Scans back over blanks only, so a long line costs its length once, not once per string on it.
  const previousNonSpace = (index: number): string | undefined => {
    let j = index - 1;
    while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
    return j >= lineStart ? text[j] : undefined;
  };

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

  /** Moves past a comment or string; the line start follows if it spanned lines (scanning it once more, not the line before it). */
  const skipTo = (from: number, to: number): number => {
    for (let j = to - 1; j >= from; j--) {
      if (text[j] === '\n') {
        lineStart = j + 1;
        break;
      }
    }
    return to;
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
      continue;
    }

    for (const block of syntax.blockComments) {
      if (!text.startsWith(block.open, i)) continue;
      const closeAt = text.indexOf(block.close, i + block.open.length);
      const end = closeAt === -1 ? text.length : closeAt + block.close.length;
      comments.push({ start: i, end });
      i = skipTo(i, end);
      continue scan;
    }

    for (const line of syntax.lineComments) {
      if (!text.startsWith(line, i)) continue;
      if (syntax.lineCommentAtLineStart && previousNonSpace(i) !== undefined) continue;
      if (syntax.lineCommentNeedsBoundary && i > lineStart && !/[\s;|&(]/.test(text[i - 1] ?? '')) continue;
      const newline = text.indexOf('\n', i);
      const end = newline === -1 ? text.length : newline;
      comments.push({ start: i, end });
      i = end;
      continue scan;
    }

    for (const string of syntax.strings) {
      if (!text.startsWith(string.open, i)) continue;
      if (syntax.quotesOnlyAtValueStart) {
        const previous = previousNonSpace(i);
        if (previous !== undefined && !':-[{,?'.includes(previous)) continue;
      }
      i = skipTo(i, stringEnd(i, string));
      continue scan;
    }
    i++;
  }
  return comments;
}
