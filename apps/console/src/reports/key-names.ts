import { ApiKeyView } from '@lfc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { reportKeysQuery } from './report-queries';

/** Calls and spend without a key: a person signed in to the console (or with a token) made them. */
export const NO_KEY_LABEL = 'No key (signed-in sessions)';

/**
 * The keys the person may see (admins: everyone's), to name keys in reports by their name rather
 * than their id; a key they cannot see (deleted, or someone else's) keeps a short id.
 */
export function useKeyNames(): { keys: ApiKeyView[]; nameOf: (keyId: string | null) => string } {
  const query = useQuery(reportKeysQuery);
  const keys = query.data ?? [];
  const nameOf = useCallback(
    (keyId: string | null) => {
      if (keyId === null) return NO_KEY_LABEL;
      const key = query.data?.find((candidate) => candidate.id === keyId);
      return key ? `${key.name} (${key.prefix}…)` : `Key ${keyId.slice(0, 8)}…`;
    },
    [query.data],
  );
  return { keys, nameOf };
}
