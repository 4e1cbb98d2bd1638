import { z } from 'zod';
import { DomainError } from '../errors/domain-error';

/**
 * Describes zod issues as `field: problem` so the caller sees exactly what to fix; a problem of the
 * whole value (an unknown key, a rule across fields) as the problem alone, since the caller's
 * message already names what was checked (a body, a query, a key id).
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Validates input at the edge; failure is a 400 `validation_failed` naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DomainError('validation_failed', `Invalid ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
