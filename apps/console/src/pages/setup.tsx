import { CompleteSetupSchema, SetupTokenSchema } from '@lfc/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { SubmitEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/errors';
import { completeSetup, inspectSetupLink } from '../api/auth';
import { ErrorAlert } from '../components/error-alert';
import { TextField } from '../components/field';
import { Page } from '../components/page';
import { TotpEnrolmentFlow } from '../components/totp-enrolment';
import { Loading } from '../layout/layout';
import { FieldErrors, check } from '../forms';

/** The token travels in the fragment (`#token=…`), which browsers never send to a server or in a Referer. */
function tokenFromFragment(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get('token');
}

function SetPassword({ token, email, onDone }: { token: string; email: string; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const setup = useMutation({ mutationFn: completeSetup, onSuccess: onDone });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(CompleteSetupSchema, { token, password });
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (password !== repeat) found.repeat = 'The two passwords differ';
    setErrors(found);
    if (checked.ok && Object.keys(found).length === 0) setup.mutate(checked.data);
  };
  return (
    <form className="card" onSubmit={submit} noValidate>
      <p>
        Set the password of <strong>{email}</strong>, the administrator of this installation.
      </p>
      {/* Lets password managers store the password under the right account. */}
      <input type="hidden" autoComplete="username" value={email} readOnly />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        value={password}
        onChange={setPassword}
        error={errors.password}
        hint="At least 12 characters"
      />
      <TextField
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={setRepeat}
        error={errors.repeat}
      />
      <ErrorAlert error={setup.error ?? errors.token} />
      <div className="actions">
        <button type="submit" disabled={setup.isPending}>
          {setup.isPending ? 'Saving…' : 'Set password and sign in'}
        </button>
      </div>
    </form>
  );
}

/**
 * First start: the bootstrap admin opens the one-time setup link, sets a password, is signed in,
 * and is offered a second factor before entering the console.
 */
export default function SetupPage() {
  const navigate = useNavigate();
  const [token] = useState(tokenFromFragment);
  const [step, setStep] = useState<'password' | 'second-factor'>('password');
  useEffect(() => {
    // The secret leaves the address bar (and so the history and any screenshot) as soon as it is read.
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  const valid = token !== null && SetupTokenSchema.safeParse(token).success;
  const link = useQuery({
    queryKey: ['setup-link', token],
    queryFn: () => inspectSetupLink(token ?? ''),
    enabled: valid,
    retry: false,
    staleTime: Infinity,
  });

  if (step === 'second-factor') {
    return (
      <Page title="Protect your account">
        <div className="alert alert-success" role="status">
          <p>Your password is set and you are signed in.</p>
        </div>
        <section className="card" aria-labelledby="second-factor-title">
          <h2 id="second-factor-title">Two-factor sign-in</h2>
          <TotpEnrolmentFlow
            doneLabel="Continue to the console"
            onDone={() => {
              void navigate('/', { replace: true });
            }}
          />
        </section>
        <p>
          <Link to="/">Skip for now and continue to the console</Link>
        </p>
      </Page>
    );
  }
  if (!valid) {
    return (
      <Page title="Set up LangFlow Connect">
        <div className="alert alert-error" role="alert">
          <p>This page needs the setup link printed by the auth service at its first start (it ends in #token=…).</p>
        </div>
        <p>
          Already set up? <Link to="/sign-in">Sign in</Link>.
        </p>
      </Page>
    );
  }
  if (link.isPending) return <Loading what="Checking the setup link" />;
  if (link.isError) {
    const gone = link.error instanceof ApiError && link.error.status === 410;
    return (
      <Page title="Set up LangFlow Connect">
        {gone ? (
          <div className="alert alert-error" role="alert">
            <p>
              This setup link has been used or has expired. If the password is set, sign in; otherwise restart auth to
              get a new link.
            </p>
          </div>
        ) : (
          <ErrorAlert error={link.error} />
        )}
        <p>
          <Link to="/sign-in">Go to sign in</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page
      title="Set up LangFlow Connect"
      intro={`This link works once, until ${new Date(link.data.expiresAt).toLocaleString()}.`}
    >
      <SetPassword token={token} email={link.data.email} onDone={() => setStep('second-factor')} />
    </Page>
  );
}
