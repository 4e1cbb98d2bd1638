import { CreateApiKeyInput, CreateApiKeySchema, IssuedApiKey, MANAGEMENT_SCOPES, UserView } from '@lfc/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { SubmitEvent, useId, useState } from 'react';
import { createKey } from '../api/keys';
import { listTools } from '../api/tools';
import { ErrorAlert } from '../components/error-alert';
import { Checkbox, TextField } from '../components/field';
import { FieldErrors, check, optionalText } from '../forms';
import { limitOf, linesOf, scopesOf } from './key-status';

interface CreateKeyFormProps {
  user: UserView;
  /** Admins may make a key for someone else. */
  users: UserView[] | undefined;
  onCreated: (issued: IssuedApiKey) => void;
  onCancel: () => void;
}

function toggled(list: string[], item: string, on: boolean): string[] {
  return on ? [...list, item] : list.filter((entry) => entry !== item);
}

/**
 * A new key: its scopes are tools picked from the live catalog (what this person may call) and
 * globs typed in; the server refuses anything beyond what the creator holds (`exceeds_creator`).
 */
export function CreateKeyForm({ user, users, onCreated, onCancel }: CreateKeyFormProps) {
  const tools = useQuery({ queryKey: ['tools'], queryFn: listTools });
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [checked, setChecked] = useState<string[]>([]);
  const [globs, setGlobs] = useState('');
  const [perMinute, setPerMinute] = useState('');
  const [perHour, setPerHour] = useState('');
  const [ips, setIps] = useState('');
  const [expires, setExpires] = useState('');
  const [confirmDestructive, setConfirmDestructive] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const ids = { owner: useId(), ips: useId(), expires: useId() };
  const create = useMutation({ mutationFn: createKey, onSuccess: onCreated });
  const admin = user.role === 'admin';

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const scopes = scopesOf(checked, globs);
    const expiry = expires === '' ? undefined : new Date(expires);
    const input: Record<string, unknown> = {
      name: name.trim(),
      userId: optionalText(owner),
      scopes: scopes.length > 0 ? scopes : undefined,
      rateLimitPerMinute: limitOf(perMinute),
      rateLimitPerHour: limitOf(perHour),
      allowedIps: linesOf(ips).length > 0 ? linesOf(ips) : undefined,
      confirmDestructiveCalls: confirmDestructive || undefined,
      expiresAt: expiry && !Number.isNaN(expiry.getTime()) ? expiry.toISOString() : expiry ? 'invalid' : undefined,
    };
    const result = check(CreateApiKeySchema, input);
    setErrors(result.ok ? {} : result.errors);
    if (result.ok) create.mutate(result.data satisfies CreateApiKeyInput);
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="create-key-title">
      <h2 id="create-key-title">New API key</h2>
      <TextField
        label="Name"
        required
        value={name}
        onChange={setName}
        error={errors.name}
        hint="What uses it, e.g. “LangFlow prod”"
      />
      {admin && users ? (
        <div className="field">
          <label htmlFor={ids.owner}>Owner</label>
          <select id={ids.owner} value={owner} onChange={(event) => setOwner(event.target.value)}>
            <option value="">Me ({user.email})</option>
            {users
              .filter((candidate) => candidate.id !== user.id)
              .map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.email} ({candidate.role})
                </option>
              ))}
          </select>
        </div>
      ) : null}
      <fieldset aria-describedby="scopes-hint">
        <legend>Scopes</legend>
        <p className="hint" id="scopes-hint">
          The tools this key may call. None chosen: the key gets the default scopes for its role.
        </p>
        {tools.isPending ? <p className="loading">Loading the tools…</p> : null}
        <ErrorAlert error={tools.error} />
        <div className="checkbox-grid">
          {tools.data?.map((tool) => (
            <Checkbox
              key={tool.name}
              name="scope"
              label={<code>{tool.name}</code>}
              checked={checked.includes(tool.name)}
              onChange={(on) => setChecked((list) => toggled(list, tool.name, on))}
            />
          ))}
        </div>
        {admin ? (
          <>
            <h3>Management</h3>
            <div className="checkbox-grid">
              {MANAGEMENT_SCOPES.map((scope) => (
                <Checkbox
                  key={scope}
                  name="scope"
                  label={<code>{scope}</code>}
                  checked={checked.includes(scope)}
                  onChange={(on) => setChecked((list) => toggled(list, scope, on))}
                />
              ))}
            </div>
          </>
        ) : null}
        <TextField
          label="More scopes"
          value={globs}
          onChange={setGlobs}
          error={errors.scopes}
          hint="Tool name globs separated by spaces or commas: * matches any run of characters, ? one character (e.g. cost_*)"
        />
      </fieldset>
      <div className="row">
        <TextField
          label="Calls per minute"
          type="number"
          min={0}
          inputMode="numeric"
          value={perMinute}
          onChange={setPerMinute}
          error={errors.rateLimitPerMinute}
          hint="Blank: the default limit"
        />
        <TextField
          label="Calls per hour"
          type="number"
          min={0}
          inputMode="numeric"
          value={perHour}
          onChange={setPerHour}
          error={errors.rateLimitPerHour}
          hint="Blank: the default limit"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.ips}>Allowed addresses</label>
        <textarea
          id={ids.ips}
          value={ips}
          onChange={(event) => setIps(event.target.value)}
          aria-describedby={`${ids.ips}-hint${errors.allowedIps ? ` ${ids.ips}-error` : ''}`}
          aria-invalid={errors.allowedIps ? true : undefined}
          rows={3}
        />
        <p className="hint" id={`${ids.ips}-hint`}>
          One IP address or CIDR range a line (e.g. 203.0.113.0/24). Blank: from anywhere.
        </p>
        {errors.allowedIps ? (
          <p className="field-error" id={`${ids.ips}-error`}>
            {errors.allowedIps}
          </p>
        ) : null}
      </div>
      <TextField
        id={ids.expires}
        label="Expires"
        type="datetime-local"
        value={expires}
        onChange={setExpires}
        error={errors.expiresAt}
        hint="Blank: never (your local time)"
      />
      <Checkbox
        label="Ask before destructive calls"
        checked={confirmDestructive}
        onChange={setConfirmDestructive}
        hint="Clients must have the person confirm a call that deletes or overwrites data."
      />
      <ErrorAlert error={create.error} />
      <div className="actions">
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
