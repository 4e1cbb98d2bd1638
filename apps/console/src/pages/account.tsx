import { ChangePasswordSchema, RemoveTotpSchema } from '@lfc/contracts';
import { useMutation } from '@tanstack/react-query';
import { SubmitEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { changePassword, regenerateRecoveryCodes, removeTotp } from '../api/auth';
import { session } from '../api/session';
import { useAnnounce } from '../components/announcer';
import { ConfirmDialog } from '../components/confirm-dialog';
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

function RemoveSecondFactor() {
  const [mode, setMode] = useState<'code' | 'recoveryCode'>('code');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const remove = useMutation({ mutationFn: removeTotp });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(RemoveTotpSchema, { [mode]: value.trim() });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) remove.mutate(checked.data);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="remove-totp-title">
      <h3 id="remove-totp-title">Turn off two-factor sign-in</h3>
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
      <ErrorAlert error={remove.error} />
      <div className="actions">
        <button type="submit" className="button-danger" disabled={remove.isPending}>
          Turn off
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
  const [asking, setAsking] = useState(false);
  // Kept open until the person has read the recovery codes, though the account turns to "on" before.
  const [enrolling, setEnrolling] = useState(false);
  const regenerate = useMutation({ mutationFn: regenerateRecoveryCodes, onSettled: () => setAsking(false) });
  return (
    <section className="card" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">Two-factor sign-in</h2>
      {enabled && !enrolling ? (
        <>
          <p>
            <span className="badge badge-success">on</span> Signing in asks for a code from your authenticator app.
          </p>
          <h3>Recovery codes</h3>
          <p>New codes replace all the old ones.</p>
          {regenerate.data ? <RecoveryCodesPanel codes={regenerate.data.recoveryCodes} /> : null}
          <ErrorAlert error={regenerate.error} />
          <div className="actions">
            <button type="button" className="button-secondary" onClick={() => setAsking(true)}>
              Make new recovery codes
            </button>
          </div>
          <RemoveSecondFactor />
          <ConfirmDialog
            open={asking}
            title="Make new recovery codes?"
            confirmLabel="Make new codes"
            busy={regenerate.isPending}
            onCancel={() => setAsking(false)}
            onConfirm={() => regenerate.mutate()}
          >
            <p>Your current recovery codes stop working.</p>
          </ConfirmDialog>
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
