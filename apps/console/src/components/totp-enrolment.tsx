import { ConfirmTotpSchema, TotpEnrolment } from '@lfc/contracts';
import { useMutation } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { SubmitEvent, useEffect, useState } from 'react';
import { confirmTotp, startTotpEnrolment } from '../api/auth';
import { FieldErrors, check } from '../forms';
import { CopyButton } from './copy-button';
import { ErrorAlert } from './error-alert';
import { TextField } from './field';
import { RecoveryCodesPanel } from './recovery-codes';

/** The otpauth URL as a QR code image (a data: URL; nothing leaves the page). */
function QrCode({ text }: { text: string }) {
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(text, { margin: 1, width: 384, errorCorrectionLevel: 'M' }).then(
      (url) => {
        if (current) setImage(url);
      },
      () => {
        if (current) setImage(null);
      },
    );
    return () => {
      current = false;
    };
  }, [text]);
  return image ? <img className="qr" src={image} alt="QR code to add this account to an authenticator app" /> : null;
}

function ScanAndConfirm({
  enrolment,
  onConfirmed,
}: {
  enrolment: TotpEnrolment;
  onConfirmed: (codes: string[]) => void;
}) {
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const confirm = useMutation({
    mutationFn: confirmTotp,
    onSuccess: ({ recoveryCodes }) => onConfirmed(recoveryCodes),
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(ConfirmTotpSchema, { code: code.trim() });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) confirm.mutate(checked.data.code);
  };
  return (
    <form onSubmit={submit} noValidate>
      <ol>
        <li>
          <p>Scan this code with your authenticator app:</p>
          <QrCode text={enrolment.otpauthUrl} />
        </li>
        <li>
          <p>Or type this key into the app:</p>
          <div className="secret">
            <code data-testid="totp-secret">{enrolment.secret}</code>
            <CopyButton text={enrolment.secret} label="Copy key" />
          </div>
        </li>
        <li>
          <TextField
            label="The six-digit code the app shows"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={setCode}
            error={errors.code}
          />
        </li>
      </ol>
      <ErrorAlert error={confirm.error} />
      <div className="actions">
        <button type="submit" disabled={confirm.isPending}>
          {confirm.isPending ? 'Checking…' : 'Turn on two-factor sign-in'}
        </button>
      </div>
    </form>
  );
}

/**
 * Two-factor enrolment: a new secret (QR code and text), a code from the app to prove it works,
 * then the recovery codes, shown once.
 */
export function TotpEnrolmentFlow({
  onDone,
  doneLabel,
  onStarted,
}: {
  onDone: () => void;
  doneLabel: string;
  /** The flow has begun; the account shows two-factor as on once confirmed, before the codes are read. */
  onStarted?: () => void;
}) {
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const start = useMutation({ mutationFn: startTotpEnrolment, onSuccess: onStarted });
  if (recoveryCodes) {
    return (
      <>
        <div className="alert alert-success" role="status">
          <p>Two-factor sign-in is on. From now on, sign in with your password and a code from the app.</p>
        </div>
        <RecoveryCodesPanel codes={recoveryCodes} />
        <div className="actions">
          <button type="button" onClick={onDone}>
            {doneLabel}
          </button>
        </div>
      </>
    );
  }
  if (start.data) return <ScanAndConfirm enrolment={start.data} onConfirmed={setRecoveryCodes} />;
  return (
    <>
      <p>
        A second factor protects the account if the password leaks: each sign-in also asks for a six-digit code from an
        authenticator app on your phone.
      </p>
      <ErrorAlert error={start.error} />
      <div className="actions">
        <button
          type="button"
          disabled={start.isPending}
          onClick={() => {
            start.mutate();
          }}
        >
          Set up two-factor sign-in
        </button>
      </div>
    </>
  );
}
