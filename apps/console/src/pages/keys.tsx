import { ApiKeyView, IssuedApiKey, RotateApiKeySchema, UserView } from '@lfc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { listUsers } from '../api/auth';
import { ApiError } from '../api/errors';
import { listKeys, revokeKey, rotateKey } from '../api/keys';
import { useAnnounce } from '../components/announcer';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorAlert } from '../components/error-alert';
import { TextField } from '../components/field';
import { Page } from '../components/page';
import { FieldErrors, check } from '../forms';
import { CreateKeyForm } from '../keys/create-key-form';
import { EditKeyDialog } from '../keys/edit-key-dialog';
import { IssuedKeyPanel } from '../keys/issued-key';
import { KeyStatus, keyStatus, limitOf } from '../keys/key-status';
import { Loading } from '../layout/layout';
import { useUser } from '../session/use-session';

const STATUS_BADGE: Record<KeyStatus, string> = {
  active: 'badge badge-success',
  rotating: 'badge badge-warning',
  expired: 'badge',
  revoked: 'badge badge-danger',
};

const when = (instant: string | null, none: string): string =>
  instant === null ? none : new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function limits(key: ApiKeyView): string {
  const { perMinute, perHour } = key.rateLimits;
  if (perMinute === null && perHour === null) return 'default';
  return [perMinute === null ? null : `${perMinute}/min`, perHour === null ? null : `${perHour}/h`]
    .filter(Boolean)
    .join(', ');
}

function RotateDialog({
  target,
  onClose,
  onRotated,
}: {
  target: ApiKeyView | null;
  onClose: () => void;
  onRotated: (issued: IssuedApiKey) => void;
}) {
  const [grace, setGrace] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const rotate = useMutation({
    mutationFn: (input: { id: string; graceSeconds?: number }) =>
      rotateKey(input.id, { graceSeconds: input.graceSeconds }),
    onSuccess: (issued) => {
      setGrace('');
      onRotated(issued);
    },
  });
  return (
    <ConfirmDialog
      open={target !== null}
      title={`Rotate “${target?.name ?? ''}”`}
      confirmLabel={rotate.isPending ? 'Rotating…' : 'Rotate'}
      busy={rotate.isPending}
      onCancel={() => {
        rotate.reset();
        onClose();
      }}
      onConfirm={() => {
        if (!target) return;
        const checked = check(RotateApiKeySchema, { graceSeconds: limitOf(grace) });
        setErrors(checked.ok ? {} : checked.errors);
        if (checked.ok) rotate.mutate({ id: target.id, graceSeconds: checked.data.graceSeconds });
      }}
    >
      <p>A new secret replaces this key with the same settings. The old secret keeps working for the grace period.</p>
      <TextField
        label="Grace period (seconds)"
        type="number"
        min={0}
        inputMode="numeric"
        value={grace}
        onChange={setGrace}
        error={errors.graceSeconds}
        hint="Blank: the server's default. 0 ends the old secret now."
      />
      <ErrorAlert error={rotate.error} />
    </ConfirmDialog>
  );
}

function KeysTable({
  keys,
  owners,
  onEdit,
  onRotate,
  onRevoke,
}: {
  keys: ApiKeyView[];
  owners: Map<string, UserView> | null;
  onEdit: (key: ApiKeyView) => void;
  onRotate: (key: ApiKeyView) => void;
  onRevoke: (key: ApiKeyView) => void;
}) {
  if (keys.length === 0) return <p>No keys yet.</p>;
  const now = Date.now();
  return (
    <div className="table-scroll" role="region" aria-labelledby="keys-table-caption" tabIndex={0}>
      <table>
        <caption id="keys-table-caption" className="visually-hidden">
          API keys
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {owners ? <th scope="col">Owner</th> : null}
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Limits</th>
            <th scope="col">Addresses</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const status = keyStatus(key, now);
            const usable = status === 'active';
            return (
              <tr key={key.id} data-testid={`key-row-${key.name}`}>
                <th scope="row">{key.name}</th>
                {owners ? <td>{owners.get(key.userId)?.email ?? key.userId}</td> : null}
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>
                  {key.scopes.map((scope) => (
                    <code key={scope} className="badge">
                      {scope}
                    </code>
                  ))}
                  {key.confirmDestructiveCalls ? (
                    <span className="badge badge-warning">confirms destructive</span>
                  ) : null}
                </td>
                <td>{limits(key)}</td>
                <td>{key.allowedIps.length === 0 ? 'any' : key.allowedIps.join(', ')}</td>
                <td>{when(key.expiresAt, 'never')}</td>
                <td>{when(key.lastUsedAt, 'never')}</td>
                <td>
                  <span className={STATUS_BADGE[status]}>{status}</span>
                </td>
                <td>
                  {usable ? (
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button-secondary"
                        onClick={() => onEdit(key)}
                        aria-label={`Edit ${key.name}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button-secondary"
                        onClick={() => onRotate(key)}
                        aria-label={`Rotate ${key.name}`}
                      >
                        Rotate
                      </button>
                      <button
                        type="button"
                        className="button-danger"
                        onClick={() => onRevoke(key)}
                        aria-label={`Revoke ${key.name}`}
                      >
                        Revoke
                      </button>
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** API keys: the person's own, or for admins everyone's (filtered by owner). */
export default function KeysPage() {
  const user = useUser();
  const admin = user.role === 'admin';
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const filterId = useId();
  const [ownerFilter, setOwnerFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const [editing, setEditing] = useState<ApiKeyView | null>(null);
  const [rotating, setRotating] = useState<ApiKeyView | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const keys = useQuery({ queryKey: ['keys', ownerFilter], queryFn: () => listKeys(ownerFilter || undefined) });
  const users = useQuery({ queryKey: ['users'], queryFn: listUsers, enabled: admin });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['keys'] });
  const revoke = useMutation({
    mutationFn: revokeKey,
    onSuccess: async (key) => {
      setRevoking(null);
      announce(`Key ${key.name} revoked`);
      await refresh();
    },
  });
  // Keys are for developers and admins; the API says so to anyone else, and then there is nothing to offer.
  const refused = keys.error instanceof ApiError && keys.error.status === 403;
  const owners = admin && users.data ? new Map(users.data.map((candidate) => [candidate.id, candidate])) : null;

  const show = (fresh: IssuedApiKey) => {
    setCreating(false);
    setRotating(null);
    setIssued(fresh);
    void refresh();
  };

  return (
    <Page
      title="API keys"
      intro="Keys let MCP clients such as LangFlow call tools for you. Each key is shown once, when it is made."
    >
      {issued ? <IssuedKeyPanel issued={issued} onDone={() => setIssued(null)} /> : null}
      {refused ? null : creating ? (
        <CreateKeyForm user={user} users={users.data} onCreated={show} onCancel={() => setCreating(false)} />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setCreating(true)}>
            Create a key
          </button>
        </div>
      )}
      <h2>{admin && ownerFilter === '' ? 'All keys' : 'Keys'}</h2>
      {admin && users.data ? (
        <div className="field">
          <label htmlFor={filterId}>Owner</label>
          <select id={filterId} value={ownerFilter} onChange={(event) => setOwnerFilter(event.target.value)}>
            <option value="">Everyone</option>
            {users.data.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.email}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ErrorAlert error={keys.error} />
      {keys.isPending ? <Loading what="Loading the keys" /> : null}
      {keys.data ? (
        <KeysTable keys={keys.data} owners={owners} onEdit={setEditing} onRotate={setRotating} onRevoke={setRevoking} />
      ) : null}
      <EditKeyDialog
        target={editing}
        onClose={() => setEditing(null)}
        onSaved={(key) => {
          setEditing(null);
          announce(`Key ${key.name} saved`);
          void refresh();
        }}
      />
      <RotateDialog target={rotating} onClose={() => setRotating(null)} onRotated={show} />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel={revoke.isPending ? 'Revoking…' : 'Revoke key'}
        danger
        busy={revoke.isPending}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking.id);
        }}
      >
        <p>Every client using this key is refused from now on. This cannot be undone.</p>
        <ErrorAlert error={revoke.error} />
      </ConfirmDialog>
    </Page>
  );
}
