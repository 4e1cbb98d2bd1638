import { useLocation, useNavigate } from 'react-router';
import { describeError, needsFreshLogin } from '../api/errors';
import { session } from '../api/session';

/**
 * A failure, read out as it appears. When the API wants a fresh sign-in (password and second-factor
 * changes), it offers one that comes back to this page.
 */
export function ErrorAlert({ error }: { error: unknown }) {
  const navigate = useNavigate();
  const location = useLocation();
  if (error === null || error === undefined) return null;
  const fresh = needsFreshLogin(error);
  return (
    <div className="alert alert-error" role="alert">
      <p>{fresh ? 'For this change, please sign in again first (it needs a recent sign-in).' : describeError(error)}</p>
      {fresh ? (
        <button
          type="button"
          onClick={() => {
            void session
              .signOut('Sign in again to make that change.')
              .then(() => navigate('/sign-in', { state: { from: location.pathname } }));
          }}
        >
          Sign in again
        </button>
      ) : null}
    </div>
  );
}
