import { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../layout/layout';
import { NotAllowedPage } from '../pages/not-allowed';
import { useSession, useUser } from './use-session';

/** Pages for signed-in people: the sign-in page first otherwise, and back here after it. */
export function RequireSession({ children }: { children: ReactNode }) {
  const state = useSession();
  const location = useLocation();
  if (state.status === 'restoring') return <Loading what="Restoring your session" />;
  if (state.status === 'signed-out') {
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return children;
}

/** Admin pages: others get a page that says so (the APIs refuse them anyway). */
export function RequireAdmin() {
  const user = useUser();
  return user.role === 'admin' ? <Outlet /> : <NotAllowedPage />;
}
