import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { z } from 'zod';

type Changes = Record<string, string | undefined>;

/** The filters an address holds, or the defaults when the schema refuses them. */
export function readSearch<T>(schema: z.ZodType<T>, params: URLSearchParams): T {
  const parsed = schema.safeParse(Object.fromEntries(params));
  return parsed.success ? parsed.data : schema.parse({});
}

/**
 * A page's filters kept in the address (`?range=7d&tool=ping`), so a view can be bookmarked, shared
 * and gone back to. Read with the API's own query schema: an address it refuses falls back to the
 * defaults rather than to a failing call.
 */
export function useSearchState<T>(schema: z.ZodType<T>): [T, (changes: Changes) => void] {
  const [params, setParams] = useSearchParams();
  const value = useMemo(() => readSearch(schema, params), [params, schema]);
  const update = useCallback(
    (changes: Changes) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [name, change] of Object.entries(changes)) {
            if (change === undefined || change === '') next.delete(name);
            else next.set(name, change);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [value, update];
}
