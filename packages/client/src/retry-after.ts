/**
 * Seconds until a retry may pass, from a Retry-After header: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). Undefined when there is none or it cannot be read; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // Date.parse would read "1.5" or "-3" as dates; an HTTP date always names its month in letters.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const when = Date.parse(text);
  if (Number.isNaN(when)) return undefined;
  return Math.max(0, (when - now.getTime()) / 1000);
}
