import { RegisterSchema } from '@lfc/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { SubmitEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { register, signIn, signInOptions } from '../api/auth';
import { ErrorAlert } from '../components/error-alert';
import { TextField } from '../components/field';
import { Page } from '../components/page';
import { Loading } from '../layout/layout';
import { FieldErrors, check, optionalText } from '../forms';

export default function RegisterPage() {
  const navigate = useNavigate();
  const options = useQuery({ queryKey: ['sign-in-options'], queryFn: signInOptions });
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: async (input: { email: string; password: string; username?: string }) => {
      await register(input);
      await signIn({ email: input.email, password: input.password });
    },
    onSuccess: () => navigate('/', { replace: true }),
  });

  if (options.isPending) return <Loading />;
  if (!options.data?.selfRegistration) {
    return (
      <Page title="Create an account">
        <ErrorAlert error={options.error} />
        <p>This installation does not let people create their own accounts. Ask an administrator for one.</p>
        <p>
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </Page>
    );
  }

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(RegisterSchema, { email: email.trim(), password, username: optionalText(username) });
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (password !== repeat) found.repeat = 'The two passwords differ';
    setErrors(found);
    if (checked.ok && Object.keys(found).length === 0) create.mutate(checked.data);
  };

  return (
    <Page title="Create an account">
      <form className="card" onSubmit={submit} noValidate>
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={setEmail}
          error={errors.email}
        />
        <TextField
          label="Name"
          autoComplete="nickname"
          value={username}
          onChange={setUsername}
          error={errors.username}
          hint="Optional: how the console names you"
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={setPassword}
          error={errors.password}
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
        <ErrorAlert error={create.error} />
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create account'}
          </button>
          <Link to="/sign-in">I have an account</Link>
        </div>
      </form>
    </Page>
  );
}
