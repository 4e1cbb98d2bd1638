import { UserView } from '@lfc/contracts';
import { useSyncExternalStore } from 'react';
import { SessionState, session } from '../api/session';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

/** The signed-in person; only for pages under `RequireSession`. */
export function useUser(): UserView {
  const state = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser outside a signed-in page');
  return state.user;
}
