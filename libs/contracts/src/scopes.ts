import { z } from 'zod';

/** MCP's rule for tool names: 1–128 characters of letters, digits, `_`, `.` and `-`. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
export const TOOL_NAME_MAX_LENGTH = 128;

export const ToolNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(TOOL_NAME_MAX_LENGTH, `must be at most ${TOOL_NAME_MAX_LENGTH} characters`)
  .regex(TOOL_NAME_PATTERN, 'must be 1–128 characters of letters, digits, _, . and -');

/**
 * Scopes that let a credential manage the system rather than call tools. A tool glob never matches
 * them (tool names cannot contain `:`), so a key made for tool calls, even with `*`, holds none.
 */
export const MANAGEMENT_SCOPES = ['admin:keys', 'admin:users', 'admin:audit', 'cost:prices', 'cost:budgets'] as const;
export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];

export const MAX_SCOPES_PER_KEY = 32;
export const MAX_SCOPE_LENGTH = TOOL_NAME_MAX_LENGTH;
/** Bounds the work of one match: a glob with more wildcards than this is refused at creation. */
export const MAX_SCOPE_WILDCARDS = 8;

export function isManagementScope(scope: string): scope is ManagementScope {
  return (MANAGEMENT_SCOPES as readonly string[]).includes(scope);
}

const TOOL_GLOB_PATTERN = /^[A-Za-z0-9_.*?-]{1,128}$/;

export const ScopeSchema = z
  .string()
  .max(MAX_SCOPE_LENGTH, `must be at most ${MAX_SCOPE_LENGTH} characters`)
  .refine((scope) => isManagementScope(scope) || TOOL_GLOB_PATTERN.test(scope), {
    error: `must be a glob of tool names (letters, digits, _ . - * ?) or one of ${MANAGEMENT_SCOPES.join(', ')}`,
  })
  .refine((scope) => isManagementScope(scope) || wildcardCount(scope) <= MAX_SCOPE_WILDCARDS, {
    error: `must have at most ${MAX_SCOPE_WILDCARDS} wildcards`,
  });

export const ScopesSchema = z.array(ScopeSchema).min(1).max(MAX_SCOPES_PER_KEY, `at most ${MAX_SCOPES_PER_KEY} scopes`);

function wildcardCount(glob: string): number {
  let count = 0;
  for (const character of glob) if (character === '*' || character === '?') count += 1;
  return count;
}

/** `?` matches any one character of `text` at the same position. */
function segmentAt(text: string, at: number, segment: string): boolean {
  if (at + segment.length > text.length) return false;
  for (let index = 0; index < segment.length; index += 1) {
    const wanted = segment[index];
    if (wanted !== '?' && wanted !== text[at + index]) return false;
  }
  return true;
}

function findSegment(text: string, from: number, segment: string): number {
  for (let at = from; at + segment.length <= text.length; at += 1) if (segmentAt(text, at, segment)) return at;
  return -1;
}

/**
 * Whether a glob (`*` any run, `?` one character) matches the whole of `text`. No regular expression
 * and no backtracking: the pieces between stars are placed leftmost in one pass, which is exact for
 * globs, so the work is at most |glob| × |text| character comparisons whatever the input.
 */
export function globMatches(glob: string, text: string): boolean {
  const pieces = glob.split('*');
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return first.length === text.length && segmentAt(text, 0, first);
  const last = pieces[pieces.length - 1] ?? '';
  if (first.length + last.length > text.length) return false;
  if (!segmentAt(text, 0, first) || !segmentAt(text, text.length - last.length, last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const middle of pieces.slice(1, -1)) {
    const found = findSegment(text.slice(0, end), at, middle);
    if (found < 0) return false;
    at = found + middle.length;
  }
  return true;
}

/** Whether scopes let a credential use the tool `toolName`. Management scopes never match a tool. */
export function scopesAllowTool(scopes: readonly string[], toolName: string): boolean {
  if (!TOOL_NAME_PATTERN.test(toolName)) return false;
  return scopes.some((scope) => !isManagementScope(scope) && globMatches(scope, toolName));
}
