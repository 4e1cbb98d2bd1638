import { BudgetReport, BudgetScope, PositiveUsdSchema, UserView } from '@lfc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SubmitEvent, useId, useState } from 'react';
import { removeBudget, setBudget } from '../api/admin';
import { useAnnounce } from '../components/announcer';
import { SelectField } from '../components/choice';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorAlert } from '../components/error-alert';
import { Checkbox, TextField } from '../components/field';
import { Loaded } from '../components/loaded';
import { formatMoment, formatUsd } from '../format';
import { check } from '../forms';
import { useUser } from '../session/use-session';
import { useKeyNames } from './key-names';
import { BUDGETS_KEY, budgetsQuery, usersQuery } from './report-queries';

/** A budget as the form edits it. */
interface BudgetDraft {
  scope: BudgetScope;
  subjectId: string;
  limit: string;
  block: boolean;
  confirm: boolean;
}

/**
 * Monthly budgets with this month's spend and the alerts they raised. Admins see and manage
 * everyone's; developers see those on themselves; the API shows people with the role `user` none.
 */
export function BudgetsSection() {
  const user = useUser();
  const isAdmin = user.role === 'admin';
  const mayRead = user.role !== 'user';
  const budgets = useQuery({ ...budgetsQuery, enabled: mayRead });
  const users = useQuery({ ...usersQuery, enabled: isAdmin });
  const { keys, nameOf } = useKeyNames();
  const [editing, setEditing] = useState<BudgetDraft>();

  const subjectName = (budget: Pick<BudgetReport, 'scope' | 'subjectId'>): string => {
    if (budget.scope === 'key') return `Key ${nameOf(budget.subjectId)}`;
    if (budget.subjectId === user.id) return 'Your account';
    const owner = users.data?.find((candidate) => candidate.id === budget.subjectId);
    return `User ${owner?.email ?? budget.subjectId}`;
  };

  return (
    <section aria-labelledby="budgets-heading">
      <h2 id="budgets-heading">Budgets</h2>
      {mayRead ? (
        <Loaded query={budgets} what="budgets">
          {(list) =>
            list.length === 0 ? (
              <p className="empty">
                {isAdmin ? 'No budgets are set.' : 'No budget is set on your account. Ask an administrator for one.'}
              </p>
            ) : (
              <ul className="budget-list">
                {list.map((budget) => (
                  <BudgetItem
                    key={budget.id}
                    budget={budget}
                    name={subjectName(budget)}
                    manage={isAdmin}
                    onEdit={() =>
                      setEditing({
                        scope: budget.scope,
                        subjectId: budget.subjectId,
                        limit: budget.monthlyLimitUsd,
                        block: budget.blockWhenExceeded,
                        confirm: budget.confirmOverrun,
                      })
                    }
                  />
                ))}
              </ul>
            )
          }
        </Loaded>
      ) : (
        <p className="empty">
          Budgets are shown to developers and administrators. Ask an administrator about the limits on your account.
        </p>
      )}
      {isAdmin ? (
        <BudgetForm
          key={editing ? `${editing.scope}:${editing.subjectId}` : 'new'}
          initial={editing}
          users={users.data ?? []}
          keys={keys.map((key) => ({ value: key.id, label: nameOf(key.id) }))}
          onDone={() => setEditing(undefined)}
        />
      ) : null}
    </section>
  );
}

function BudgetItem({
  budget,
  name,
  manage,
  onEdit,
}: {
  budget: BudgetReport;
  name: string;
  manage: boolean;
  onEdit: () => void;
}) {
  const labelId = useId();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => removeBudget(budget.scope, budget.subjectId),
    onSuccess: async () => {
      setConfirming(false);
      announce(`Budget of ${name} removed`);
      await queryClient.invalidateQueries({ queryKey: BUDGETS_KEY });
    },
  });
  const shown = Math.min(budget.percentUsed, 100);
  const level = budget.exceeded ? 'exceeded' : budget.percentUsed >= 80 ? 'warning' : 'ok';
  return (
    <li className="budget card">
      <h3 id={labelId}>{name}</h3>
      <div
        className={`meter meter-${level}`}
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={shown}
        aria-valuetext={`${budget.percentUsed}% of the monthly limit spent`}
      >
        <div className="meter-fill" style={{ width: `${shown}%` }} />
      </div>
      <p>
        {formatUsd(budget.spentUsd)} of {formatUsd(budget.monthlyLimitUsd)} spent this month ({budget.percentUsed}%)
        {budget.exceeded ? <span className="badge badge-danger">Exceeded</span> : null}
        {budget.blockWhenExceeded ? <span className="badge">Blocks usage when exceeded</span> : null}
        {budget.confirmOverrun ? <span className="badge">Asks before going over</span> : null}
        {!budget.blockWhenExceeded && !budget.confirmOverrun ? <span className="badge">Alerts only</span> : null}
      </p>
      {budget.alerts.length > 0 ? (
        <ul className="alert-list" aria-label={`Alerts this month for ${name}`}>
          {budget.alerts.map((alert) => (
            <li key={alert.threshold}>
              <span className={`badge ${alert.threshold === 100 ? 'badge-danger' : 'badge-warning'}`}>
                {alert.threshold}%
              </span>
              raised {formatMoment(alert.raisedAt)} at {formatUsd(alert.spentUsd)}
              {alert.webhookDeliveredAt ? `; webhook delivered ${formatMoment(alert.webhookDeliveredAt)}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">No alerts this month (alerts are raised at 80% and 100%).</p>
      )}
      {manage ? (
        <div className="actions">
          <button
            type="button"
            className="button-secondary"
            onClick={onEdit}
            aria-label={`Change the budget of ${name}`}
          >
            Change
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => setConfirming(true)}
            aria-label={`Remove the budget of ${name}`}
          >
            Remove
          </button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Remove this budget?"
        confirmLabel="Remove budget"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {name} will have no monthly limit: no alerts, and usage is never refused for spend. The spend so far is kept.
        </p>
        <ErrorAlert error={remove.error} />
      </ConfirmDialog>
    </li>
  );
}

function BudgetForm({
  initial,
  users,
  keys,
  onDone,
}: {
  initial?: BudgetDraft;
  users: UserView[];
  keys: { value: string; label: string }[];
  onDone: () => void;
}) {
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<BudgetScope>(initial?.scope ?? 'user');
  const [subjectId, setSubjectId] = useState(initial?.subjectId ?? '');
  const [limit, setLimit] = useState(initial?.limit ?? '');
  const [block, setBlock] = useState(initial?.block ?? false);
  const [confirm, setConfirm] = useState(initial?.confirm ?? false);
  const [errors, setErrors] = useState<{ subject?: string; limit?: string }>({});
  const save = useMutation({
    mutationFn: () =>
      setBudget(scope, subjectId, { monthlyLimitUsd: limit.trim(), blockWhenExceeded: block, confirmOverrun: confirm }),
    onSuccess: async () => {
      announce('Budget saved');
      setLimit('');
      setSubjectId('');
      onDone();
      await queryClient.invalidateQueries({ queryKey: BUDGETS_KEY });
    },
  });
  const subjects =
    scope === 'user' ? users.map((user) => ({ value: user.id, label: `${user.email} (${user.role})` })) : keys;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const limitChecked = check(PositiveUsdSchema, limit.trim());
    const found = {
      subject: subjectId ? undefined : `Choose a ${scope === 'user' ? 'user' : 'key'}`,
      limit: limitChecked.ok ? undefined : limitChecked.errors.form,
    };
    setErrors(found);
    if (!found.subject && !found.limit) save.mutate();
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="budget-form-heading">
      <h3 id="budget-form-heading">{initial ? 'Change a budget' : 'Set a budget'}</h3>
      <div className="row">
        <SelectField<BudgetScope>
          label="Applies to"
          value={scope}
          options={[
            { value: 'user', label: 'A user (all their keys and sessions)' },
            { value: 'key', label: 'One API key' },
          ]}
          onChange={(next) => {
            setScope(next);
            setSubjectId('');
          }}
        />
        <SelectField
          label={scope === 'user' ? 'User' : 'Key'}
          value={subjectId}
          options={[{ value: '', label: scope === 'user' ? 'Choose a user' : 'Choose a key' }, ...subjects]}
          onChange={setSubjectId}
          error={errors.subject}
        />
      </div>
      <TextField
        label="Monthly limit (USD)"
        inputMode="decimal"
        required
        value={limit}
        onChange={setLimit}
        error={errors.limit}
        hint='For example "250" or "99.50"; the month is the calendar month in UTC.'
      />
      <Checkbox
        label="Refuse usage and tool calls once the limit is spent"
        checked={block}
        onChange={setBlock}
        hint="Otherwise the budget only raises alerts at 80% and 100%."
      />
      <Checkbox
        label="Ask the person before usage takes the spend over the limit"
        checked={confirm}
        onChange={setConfirm}
        hint="A track_token_usage call that would cross the limit waits for their yes."
      />
      <ErrorAlert error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save budget'}
        </button>
        {initial ? (
          <button type="button" className="button-secondary" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
