/** Scopes are glob patterns over tool names: `*` matches any run of characters, `?` one character. */
export function scopeMatcher(scopes: readonly string[]): (toolName: string) => boolean {
  if (scopes.includes('*')) return () => true;
  const patterns = scopes.map(
    (scope) => new RegExp(`^${scope.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`),
  );
  return (toolName) => patterns.some((pattern) => pattern.test(toolName));
}
