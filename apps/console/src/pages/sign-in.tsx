import { LoginSchema } from '@lfc/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { SubmitEvent, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/errors';
import { signIn, signInOptions } from '../api/auth';
import { ErrorAlert } from '../components/error-alert';
import { TextField } from '../components/field';
import { Page } from '../components/page';
import { FieldErrors, check, optionalText } from '../forms';
import { useSession } from '../session/use-session';

type SecondFactor = 'none' | 'totp' | 'recovery';

/** Where to go after signing in: the page that sent the person here, never another site. */
export function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

/**
 * Email and password, then a one-time code for accounts with a second factor. Auth answers every
 * refusal the same way (so no answer confirms a password), so after a refusal without a code the
 * page offers the code step, and the person knows whether their account has one.
 */
export default function SignInPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const state = useSession();
  const options = useQuery({ queryKey: ['sign-in-options'], queryFn: signInOptions });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [factor, setFactor] = useState<SecondFactor>('none');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusedWithoutCode, setRefusedWithoutCode] = useState(false);
  const login = useMutation({
    mutationFn: signIn,
    onSuccess: () => navigate(returnPath(location.state), { replace: true }),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'invalid_credentials' && factor === 'none') {
        setRefusedWithoutCode(true);
      }
    },
  });

  // Signed in already (another tab, the back button): on to where the person was going.
  if (state.status === 'signed-in' && !login.isPending) return <Navigate to={returnPath(location.state)} replace />;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const input = {
      email: email.trim(),
      password,
      totpCode: factor === 'totp' ? optionalText(code) : undefined,
      recoveryCode: factor === 'recovery' ? optionalText(code) : undefined,
    };
    const checked = check(LoginSchema, input);
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) login.mutate(checked.data);
  };

  return (
    <Page title="Sign in">
      {state.status === 'signed-out' && state.notice ? (
        <div className="alert alert-warning" role="status">
          <p>{state.notice}</p>
        </div>
      ) : null}
      <form className="card" onSubmit={submit} noValidate>
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
          error={errors.email}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        {factor === 'none' ? null : (
          <TextField
            key={factor}
            label={factor === 'totp' ? 'Code from your authenticator app' : 'Recovery code'}
            autoComplete="one-time-code"
            inputMode={factor === 'totp' ? 'numeric' : 'text'}
            required
            autoFocus
            value={code}
            onChange={setCode}
            error={factor === 'totp' ? errors.totpCode : errors.recoveryCode}
            hint={factor === 'totp' ? 'Six digits' : 'One of the codes you saved when you set up two-factor sign-in'}
          />
        )}
        {refusedWithoutCode && factor === 'none' ? (
          <div className="alert alert-warning" role="alert">
            <p>
              Email, password or one-time code is wrong. If your account uses two-factor sign-in, add the code from your
              authenticator app.
            </p>
            <button type="button" className="button-secondary" onClick={() => setFactor('totp')}>
              Enter a one-time code
            </button>
          </div>
        ) : (
          <ErrorAlert error={login.error} />
        )}
        <div className="actions">
          <button type="submit" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
          {factor === 'none' && !refusedWithoutCode ? (
            <button type="button" className="link-button" onClick={() => setFactor('totp')}>
              I use two-factor sign-in
            </button>
          ) : null}
          {factor === 'totp' ? (
            <button type="button" className="link-button" onClick={() => setFactor('recovery')}>
              Use a recovery code instead
            </button>
          ) : null}
          {factor === 'recovery' ? (
            <button type="button" className="link-button" onClick={() => setFactor('totp')}>
              Use an authenticator code instead
            </button>
          ) : null}
        </div>
      </form>
      {options.data?.selfRegistration ? (
        <p>
          No account yet? <Link to="/register">Create one</Link>.
        </p>
      ) : null}
    </Page>
  );
}
