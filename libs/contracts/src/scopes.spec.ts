import fc from 'fast-check';
import { ScopeSchema, ScopesSchema, ToolNameSchema, globMatches, scopesAllowTool } from './scopes';

/** The obvious definition, by recursion: fine for the short inputs generated here. */
function reference(glob: string, text: string): boolean {
  if (glob.length === 0) return text.length === 0;
  const [head, rest] = [glob[0], glob.slice(1)];
  if (head === '*') return reference(rest, text) || (text.length > 0 && reference(glob, text.slice(1)));
  return text.length > 0 && (head === '?' || head === text[0]) && reference(rest, text.slice(1));
}

describe('globMatches', () => {
  it('agrees with the recursive definition of globs', () => {
    const glob = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 8 });
    const text = fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 10 });
    fc.assert(
      fc.property(glob, text, (g, t) => globMatches(g, t) === reference(g, t)),
      { numRuns: 5_000 },
    );
  });

  it('matches tool names as scopes are written', () => {
    expect(globMatches('read_*', 'read_file')).toBe(true);
    expect(globMatches('get_?ystem_status', 'get_system_status')).toBe(true);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('ping', 'xping')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
  });

  it('decides the globs that made a backtracking matcher hang', () => {
    // A RegExp built from the first glob took minutes on this name; the event-loop test in
    // test/security shows the gateway stays responsive.
    expect(globMatches('*a*a*a*a*a*a*a*a*Z', 'a'.repeat(128))).toBe(false);
    expect(globMatches('*a*a*a*a*a*a*a*a*', 'a'.repeat(128))).toBe(true);
  });
});

describe('scopes', () => {
  it('never lets a tool glob match a management scope', () => {
    expect(scopesAllowTool(['*'], 'admin:keys')).toBe(false);
    expect(scopesAllowTool(['admin:keys'], 'admin:keys')).toBe(false);
    expect(scopesAllowTool(['*'], 'ping')).toBe(true);
  });

  it('bounds scope patterns in length, count and wildcards', () => {
    expect(ScopeSchema.safeParse('read_*').success).toBe(true);
    expect(ScopeSchema.safeParse('admin:keys').success).toBe(true);
    expect(ScopeSchema.safeParse('admin:everything').success).toBe(false);
    expect(ScopeSchema.safeParse('a'.repeat(129)).success).toBe(false);
    expect(ScopeSchema.safeParse('*a*a*a*a*a*a*a*a*Z').success).toBe(false);
    expect(ScopeSchema.safeParse('(a+)+').success).toBe(false);
    expect(ScopesSchema.safeParse(Array.from({ length: 33 }, (_, index) => `tool_${index}`)).success).toBe(false);
  });

  it('takes tool names by the MCP rule', () => {
    expect(ToolNameSchema.safeParse('read_file').success).toBe(true);
    expect(ToolNameSchema.safeParse('a.b-c_D9').success).toBe(true);
    expect(ToolNameSchema.safeParse('').success).toBe(false);
    expect(ToolNameSchema.safeParse('a'.repeat(129)).success).toBe(false);
    expect(ToolNameSchema.safeParse('read file').success).toBe(false);
    expect(ToolNameSchema.safeParse('admin:keys').success).toBe(false);
  });
});
