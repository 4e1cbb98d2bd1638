import { ApiKeyView, UpdateApiKeyInput, UpdateApiKeySchema } from '@lfc/contracts';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { updateKey } from '../api/keys';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorAlert } from '../components/error-alert';
import { Checkbox, TextField } from '../components/field';
import { FieldErrors, check } from '../forms';
import { limitOf, linesOf, scopesOf } from './key-status';

/** `datetime-local` wants local time without a zone. */
function localInput(instant: string | null): string {
  if (instant === null) return '';
  const date = new Date(instant);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function EditFields({
  target,
  onSaved,
  onCancel,
}: {
  target: ApiKeyView;
  onSaved: (key: ApiKeyView) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(target.name);
  const [scopes, setScopes] = useState(target.scopes.join(' '));
  const [perMinute, setPerMinute] = useState(target.rateLimits.perMinute?.toString() ?? '');
  const [perHour, setPerHour] = useState(target.rateLimits.perHour?.toString() ?? '');
  const [ips, setIps] = useState(target.allowedIps.join('\n'));
  const [expires, setExpires] = useState(localInput(target.expiresAt));
  const [confirmDestructive, setConfirmDestructive] = useState(target.confirmDestructiveCalls);
  const [errors, setErrors] = useState<FieldErrors>({});
  const ipsId = useId();
  const save = useMutation({
    mutationFn: (input: UpdateApiKeyInput) => updateKey(target.id, input),
    onSuccess: onSaved,
  });
  const submit = () => {
    const expiry = expires === '' ? null : new Date(expires);
    const checked = check(UpdateApiKeySchema, {
      name: name.trim(),
      scopes: scopesOf([], scopes),
      rateLimitPerMinute: limitOf(perMinute),
      rateLimitPerHour: limitOf(perHour),
      allowedIps: linesOf(ips),
      confirmDestructiveCalls: confirmDestructive,
      expiresAt: expiry === null ? null : Number.isNaN(expiry.getTime()) ? 'invalid' : expiry.toISOString(),
    });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) save.mutate(checked.data);
  };
  return (
    <ConfirmDialog
      open
      title={`Edit “${target.name}”`}
      confirmLabel={save.isPending ? 'Saving…' : 'Save'}
      busy={save.isPending}
      onCancel={onCancel}
      onConfirm={submit}
    >
      <TextField label="Name" required value={name} onChange={setName} error={errors.name} />
      <TextField
        label="Scopes"
        value={scopes}
        onChange={setScopes}
        error={errors.scopes}
        hint="Tool names and globs separated by spaces"
      />
      <div className="row">
        <TextField
          label="Calls per minute"
          type="number"
          min={0}
          value={perMinute}
          onChange={setPerMinute}
          error={errors.rateLimitPerMinute}
          hint="Blank: unchanged"
        />
        <TextField
          label="Calls per hour"
          type="number"
          min={0}
          value={perHour}
          onChange={setPerHour}
          error={errors.rateLimitPerHour}
          hint="Blank: unchanged"
        />
      </div>
      <div className="field">
        <label htmlFor={ipsId}>Allowed addresses</label>
        <textarea
          id={ipsId}
          rows={3}
          value={ips}
          onChange={(event) => setIps(event.target.value)}
          aria-describedby={`${ipsId}-hint`}
          aria-invalid={errors.allowedIps ? true : undefined}
        />
        <p className="hint" id={`${ipsId}-hint`}>
          One address or CIDR range a line; blank: from anywhere
        </p>
        {errors.allowedIps ? <p className="field-error">{errors.allowedIps}</p> : null}
      </div>
      <TextField
        label="Expires"
        type="datetime-local"
        value={expires}
        onChange={setExpires}
        error={errors.expiresAt}
        hint="Blank: never"
      />
      <Checkbox label="Ask before destructive calls" checked={confirmDestructive} onChange={setConfirmDestructive} />
      <ErrorAlert error={save.error} />
    </ConfirmDialog>
  );
}

/** A key's settings changed in place; the server refuses more than the editor holds (`exceeds_creator`). */
export function EditKeyDialog({
  target,
  onClose,
  onSaved,
}: {
  target: ApiKeyView | null;
  onClose: () => void;
  onSaved: (key: ApiKeyView) => void;
}) {
  // Mounted per key, so the fields start from that key's settings.
  return target ? <EditFields key={target.id} target={target} onSaved={onSaved} onCancel={onClose} /> : null;
}
