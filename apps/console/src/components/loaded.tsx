import { UseQueryResult } from '@tanstack/react-query';
import { ReactNode } from 'react';
import { Loading } from '../layout/layout';
import { ErrorAlert } from './error-alert';

interface LoadedProps<T> {
  query: UseQueryResult<T>;
  /** What is loading, for the status line ("Loading usage…"). */
  what: string;
  children: (data: T) => ReactNode;
}

/**
 * A query's three states in one place: the loading line, the error with a way to try again, or
 * the data. Data already shown stays while a new answer loads (the status says so).
 */
export function Loaded<T>({ query, what, children }: LoadedProps<T>) {
  if (query.isPending) return <Loading what={`Loading ${what}`} />;
  if (query.isError) {
    return (
      <>
        <ErrorAlert error={query.error} />
        <button type="button" className="button-secondary" onClick={() => void query.refetch()}>
          Try again
        </button>
      </>
    );
  }
  return (
    <>
      {query.isPlaceholderData ? <Loading what={`Updating ${what}`} /> : null}
      {children(query.data)}
    </>
  );
}
