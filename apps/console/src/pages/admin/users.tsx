import { CreateUserSchema, ROLES, Role, UserView } from '@lfc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SubmitEvent, useState } from 'react';
import { createUser, updateUser } from '../../api/admin';
import { listUsers } from '../../api/auth';
import { useAnnounce } from '../../components/announcer';
import { SelectField } from '../../components/choice';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { ErrorAlert } from '../../components/error-alert';
import { TextField } from '../../components/field';
import { Loaded } from '../../components/loaded';
import { Page } from '../../components/page';
import { formatMoment } from '../../format';
import { FieldErrors, check, optionalText } from '../../forms';
import { useUser } from '../../session/use-session';

const USERS_KEY = ['users'];

const ROLE_CHOICES = ROLES.map((role) => ({ value: role, label: role }));

/** A change waiting for the admin's yes: a new role, or (de)activation. */
type PendingChange = { user: UserView; role: Role } | { user: UserView; isActive: boolean };

export default function UsersPage() {
  const me = useUser();
  const users = useQuery({ queryKey: USERS_KEY, queryFn: listUsers });
  const [pending, setPending] = useState<PendingChange | null>(null);
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (next: PendingChange) =>
      updateUser(next.user.id, 'role' in next ? { role: next.role } : { isActive: next.isActive }),
    onSuccess: async (user) => {
      setPending(null);
      announce(`${user.email} is now ${user.isActive ? user.role : 'deactivated'}`);
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
  });

  return (
    <Page title="Users" intro="Everyone who can sign in to the suite, their role, and whether their account is active.">
      <Loaded query={users} what="users">
        {(list) =>
          list.length === 0 ? (
            <p className="empty">No users yet.</p>
          ) : (
            <DataTable
              caption="Users"
              hideCaption
              rows={list}
              rowKey={(user) => user.id}
              columns={[
                {
                  header: 'Email',
                  cell: (user) => (
                    <>
                      {user.email}
                      {user.username !== user.email ? <span className="hint"> ({user.username})</span> : null}
                    </>
                  ),
                },
                {
                  header: 'Role',
                  cell: (user) =>
                    user.id === me.id ? (
                      <span title="Another admin can change your role">{user.role} (you)</span>
                    ) : (
                      <label className="inline-select">
                        <span className="visually-hidden">Role of {user.email}</span>
                        <select
                          value={user.role}
                          onChange={(event) => {
                            const role = ROLES.find((candidate) => candidate === event.target.value);
                            if (role && role !== user.role) setPending({ user, role });
                          }}
                        >
                          {ROLE_CHOICES.map((choice) => (
                            <option key={choice.value} value={choice.value}>
                              {choice.label}
                            </option>
                          ))}
                        </select>
                      </label>
                    ),
                },
                {
                  header: 'Status',
                  cell: (user) =>
                    user.isActive ? (
                      <span className="badge badge-success">Active</span>
                    ) : (
                      <span className="badge badge-danger">Deactivated</span>
                    ),
                },
                { header: 'Two-factor', cell: (user) => (user.totpEnabled ? 'On' : 'Off') },
                { header: 'Created', cell: (user) => formatMoment(user.createdAt) },
                {
                  header: 'Actions',
                  cell: (user) =>
                    user.id === me.id ? null : (
                      <button
                        type="button"
                        className="button-secondary"
                        aria-label={`${user.isActive ? 'Deactivate' : 'Reactivate'} ${user.email}`}
                        onClick={() => setPending({ user, isActive: !user.isActive })}
                      >
                        {user.isActive ? 'Deactivate' : 'Reactivate'}
                      </button>
                    ),
                },
              ]}
            />
          )
        }
      </Loaded>

      <ConfirmDialog
        open={pending !== null}
        title={pending ? describeChange(pending) : ''}
        confirmLabel={pending && 'isActive' in pending && !pending.isActive ? 'Deactivate' : 'Confirm'}
        danger={pending !== null && 'isActive' in pending && !pending.isActive}
        busy={change.isPending}
        onConfirm={() => {
          if (pending) change.mutate(pending);
        }}
        onCancel={() => {
          setPending(null);
          change.reset();
        }}
      >
        <p>
          {pending && 'isActive' in pending && !pending.isActive
            ? 'They are signed out everywhere at once and cannot sign in; their API keys stop working until they are reactivated.'
            : 'Their sessions end (they sign in again), and their API keys are checked against the new role at once.'}
        </p>
        <ErrorAlert error={change.error} />
      </ConfirmDialog>

      <CreateUserForm />
    </Page>
  );
}

function describeChange(change: PendingChange): string {
  if ('role' in change) return `Make ${change.user.email} ${change.role === 'admin' ? 'an' : 'a'} ${change.role}?`;
  return `${change.isActive ? 'Reactivate' : 'Deactivate'} ${change.user.email}?`;
}

function CreateUserForm() {
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: createUser,
    onSuccess: async (user) => {
      announce(`User ${user.email} created`);
      setEmail('');
      setUsername('');
      setPassword('');
      setRole('user');
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(CreateUserSchema, {
      email: email.trim(),
      username: optionalText(username),
      role,
      password: password === '' ? undefined : password,
    });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) create.mutate(checked.data);
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Add a user</h2>
      <div className="row">
        <TextField
          label="Email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={setEmail}
          error={errors.email}
        />
        <TextField
          label="Name"
          autoComplete="off"
          value={username}
          onChange={setUsername}
          error={errors.username}
          hint="Optional; the email otherwise"
        />
      </div>
      <div className="row">
        <SelectField<Role> label="Role" value={role} options={ROLE_CHOICES} onChange={setRole} error={errors.role} />
        <TextField
          label="First password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={errors.password}
          hint="Give it to them safely; they change it under Account. Without one the account cannot sign in, though it can own API keys."
        />
      </div>
      <ErrorAlert error={create.error} />
      <div className="actions">
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add user'}
        </button>
      </div>
    </form>
  );
}
