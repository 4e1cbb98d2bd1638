/** Half-open character range `[start, end)` in the analysed text. */
export interface TextRange {
  start: number;
  end: number;
}

export interface LineStats {
  total: number;
  code: number;
  comment: number;
  blank: number;
}

export const FINDING_KINDS = ['TODO', 'FIXME', 'HACK', 'XXX'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  line: number;
  text: string;
}

const MAX_FINDING_TEXT = 200;

/** Offsets where each line starts; a final line break does not start another line. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
  if (text.length === 0) starts.pop();
  return starts;
}

/** 1-based line of an offset. */
export function lineAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff;
}

/**
 * A line is code when it has a non-blank character outside comments, comment when its only
 * non-blank characters are inside comments (delimiters included), blank otherwise. So a blank line
 * inside a block comment is blank, and `x = 1 // note` is code (as cloc and tokei count).
 */
export function classifyLines(text: string, comments: readonly TextRange[], lineStarts: readonly number[]): LineStats {
  const total = lineStarts.length;
  const hasCode = new Uint8Array(total);
  const hasComment = new Uint8Array(total);
  let line = 0;
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      line++;
      continue;
    }
    if (isWhitespace(code)) continue;
    while (next < comments.length && (comments[next] as TextRange).end <= i) next++;
    const comment = comments[next];
    if (comment && comment.start <= i) hasComment[line] = 1;
    else hasCode[line] = 1;
  }
  let codeLines = 0;
  let commentLines = 0;
  for (let l = 0; l < total; l++) {
    if (hasCode[l]) codeLines++;
    else if (hasComment[l]) commentLines++;
  }
  return { total, code: codeLines, comment: commentLines, blank: total - codeLines - commentLines };
}

const UPPERCASE_MARKER = /\b(TODO|FIXME|HACK|XXX)\b/g;
/** `// todo: ...` and `# Fixme(bob)` count too, but only as the first word of a comment line, so prose "todo list" does not. */
const LEADING_MARKER = /^[\s/*#;!-]*(?:<!--\s*)?(todo|fixme|hack|xxx)\b(?=[ \t]*[:(])/i;
const CLOSING_DELIMITERS = ['*/', '-->', '"""', "'''"];
/** Comment lines are read up to this length: a marker's text is cut at 200 characters anyway. */
const MAX_PIECE = 1000;

function findingText(piece: string): string {
  let text = piece.slice(0, MAX_PIECE).trimEnd();
  const closing = CLOSING_DELIMITERS.find((delimiter) => text.endsWith(delimiter));
  if (closing) text = text.slice(0, -closing.length);
  text = text.trim();
  return text.length > MAX_FINDING_TEXT ? `${text.slice(0, MAX_FINDING_TEXT - 1)}…` : text;
}

function scanPiece(piece: string, line: number, findings: Finding[]): void {
  const seen = new Set<number>();
  const leading = LEADING_MARKER.exec(piece);
  if (leading?.[1]) {
    const at = leading[0].length - leading[1].length;
    seen.add(at);
    findings.push({ kind: leading[1].toUpperCase() as FindingKind, line, text: findingText(piece.slice(at)) });
  }
  for (const match of piece.matchAll(UPPERCASE_MARKER)) {
    if (seen.has(match.index)) continue;
    findings.push({ kind: match[1] as FindingKind, line, text: findingText(piece.slice(match.index)) });
  }
}

/** TODO/FIXME/HACK/XXX markers inside the given ranges (comments), one finding per marker, in text order. */
export function findMarkers(text: string, ranges: readonly TextRange[], lineStarts: readonly number[]): Finding[] {
  const findings: Finding[] = [];
  for (const range of ranges) {
    const body = text.slice(range.start, range.end);
    if (!/todo|fixme|hack|xxx/i.test(body)) continue;
    let offset = range.start;
    for (const piece of body.split('\n')) {
      scanPiece(piece, lineAt(lineStarts, offset), findings);
      offset += piece.length + 1;
    }
  }
  return findings;
}

/** Every line is searched (prose and unknown formats, where there is no comment syntax to trust). */
export function findMarkersEverywhere(text: string, lineStarts: readonly number[]): Finding[] {
  return findMarkers(text, text.length === 0 ? [] : [{ start: 0, end: text.length }], lineStarts);
}
