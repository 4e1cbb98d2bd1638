/**
 * How deep a request body may nest objects and arrays. `JSON.parse` builds any depth, but every
 * recursive step after it (serialising the call for the next service, schema checks, logging) runs
 * out of stack a few thousand levels down, and a 10 KB body reaches that. No MCP message or API
 * body comes near this.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether the JSON text `text` nests objects and arrays deeper than `limit`. Reads the text once and
 * stops at the first level too deep, so a body of nothing but brackets costs no more than its first
 * `limit` of them; strings are skipped with `indexOf`, so a large file's content is read at memchr
 * speed. Malformed text is left to `JSON.parse` to refuse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      index = closingQuote(text, index);
      if (index < 0) return false;
    } else if (char === OPEN_BRACKET || char === OPEN_BRACE) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === CLOSE_BRACKET || char === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** The index of the quote that ends the string opened at `open`, or -1 when it never ends. */
function closingQuote(text: string, open: number): number {
  let candidate = open;
  for (;;) {
    candidate = text.indexOf('"', candidate + 1);
    if (candidate < 0) return -1;
    // Escaped when an odd number of backslashes precede it; each run is read once, so this stays linear.
    let backslashes = 0;
    while (text.charCodeAt(candidate - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return candidate;
  }
}
