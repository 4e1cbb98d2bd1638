import { ChangePasswordSchema, SecondFactorProofInput, SecondFactorProofSchema } from '@lfc/contracts';
import { UseMutationResult, useMutation } from '@tanstack/react-query';
import { SubmitEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { changePassword, regenerateRecoveryCodes, removeTotp } from '../api/auth';
import { session } from '../api/session';
import { useAnnounce } from '../components/announcer';
import { ErrorAlert } from '../components/error-alert';
import { TextField } from '../components/field';
import { Page } from '../components/page';
import { RecoveryCodesPanel } from '../components/recovery-codes';
import { TotpEnrolmentFlow } from '../components/totp-enrolment';
import { FieldErrors, check, optionalText } from '../forms';
import { useUser } from '../session/use-session';

function ChangePassword() {
  const navigate = useNavigate();
  const announce = useAnnounce();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: async () => {
      setCurrent('');
      setNext('');
      setRepeat('');
      announce('Password changed');
      // A new password ends the tokens issued before it; the refresh cookie may or may not outlive them.
      if (!(await session.refresh())) {
        await session.signOut('Your password was changed. Sign in with the new one.');
        await navigate('/sign-in');
      }
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(ChangePasswordSchema, { currentPassword: optionalText(current), newPassword: next });
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (next !== repeat) found.repeat = 'The two passwords differ';
    setErrors(found);
    if (checked.ok && Object.keys(found).length === 0) change.mutate(checked.data);
  };
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={submit} noValidate>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={errors.currentPassword}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={setNext}
          error={errors.newPassword}
        />
        <TextField
          label="Repeat the new password"
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={setRepeat}
          error={errors.repeat}
        />
        <ErrorAlert error={change.error} />
        {change.isSuccess ? (
          <div className="alert alert-success" role="status">
            <p>Your password is changed.</p>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={change.isPending}>
            {change.isPending ? 'Saving…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}

interface SecondFactorProofFormProps {
  title: string;
  submitLabel: string;
  danger?: boolean;
  mutation: UseMutationResult<unknown, Error, SecondFactorProofInput>;
}

/** Asks for a code from the authenticator app, or a recovery code instead, and hands it to `mutation`. */
function SecondFactorProofForm({ title, submitLabel, danger, mutation }: SecondFactorProofFormProps) {
  const titleId = useId();
  const [mode, setMode] = useState<'code' | 'recoveryCode'>('code');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(SecondFactorProofSchema, { [mode]: value.trim() });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) mutation.mutate(checked.data, { onSuccess: () => setValue('') });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      <TextField
        key={mode}
        label={mode === 'code' ? 'Code from your authenticator app' : 'Recovery code'}
        inputMode={mode === 'code' ? 'numeric' : 'text'}
        autoComplete="one-time-code"
        required
        value={value}
        onChange={setValue}
        error={errors[mode] ?? errors.form}
      />
      <ErrorAlert error={mutation.error} />
      <div className="actions">
        <button type="submit" className={danger ? 'button-danger' : 'button-secondary'} disabled={mutation.isPending}>
          {submitLabel}
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setValue('');
            setMode(mode === 'code' ? 'recoveryCode' : 'code');
          }}
        >
          {mode === 'code' ? 'Use a recovery code instead' : 'Use an app code instead'}
        </button>
      </div>
    </form>
  );
}

function SecondFactor({ enabled }: { enabled: boolean }) {
  // Kept open until the person has read the recovery codes, though the account turns to "on" before.
  const [enrolling, setEnrolling] = useState(false);
  const regenerate = useMutation({ mutationFn: regenerateRecoveryCodes });
  const remove = useMutation({ mutationFn: removeTotp });
  return (
    <section className="card" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">Two-factor sign-in</h2>
      {enabled && !enrolling ? (
        <>
          <p>
            <span className="badge badge-success">on</span> Signing in asks for a code from your authenticator app.
          </p>
          {regenerate.data ? <RecoveryCodesPanel codes={regenerate.data.recoveryCodes} /> : null}
          <p>New recovery codes replace all the old ones.</p>
          <SecondFactorProofForm title="Make new recovery codes" submitLabel="Make new codes" mutation={regenerate} />
          <SecondFactorProofForm title="Turn off two-factor sign-in" submitLabel="Turn off" danger mutation={remove} />
        </>
      ) : (
        <TotpEnrolmentFlow doneLabel="Done" onStarted={() => setEnrolling(true)} onDone={() => setEnrolling(false)} />
      )}
    </section>
  );
}

export default function AccountPage() {
  const user = useUser();
  return (
    <Page title="Account">
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">You</h2>
        <dl className="figures">
          <div>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </div>
          <div>
            <dt>Name</dt>
            <dd>{user.username}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </div>
        </dl>
      </section>
      <ChangePassword />
      <SecondFactor enabled={user.totpEnabled} />
    </Page>
  );
}
