import { ToolDescriptor } from '@lfc/contracts';
import { useMutation } from '@tanstack/react-query';
import { SubmitEvent, useId, useState } from 'react';
import { ApiError } from '../api/errors';
import { callTool } from '../api/tools';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorAlert } from '../components/error-alert';
import { FormValues, fieldsOf, initialValues, toArguments } from './schema-form';
import { SchemaFields } from './schema-fields';
import { ToolResultView } from './tool-result';

function Badges({ tool }: { tool: ToolDescriptor }) {
  const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = tool.annotations;
  return (
    <p>
      <span className="visually-hidden">Hints: </span>
      {readOnlyHint ? <span className="badge badge-success">read-only</span> : null}
      {destructiveHint ? <span className="badge badge-danger">destructive</span> : null}
      {idempotentHint ? <span className="badge">idempotent</span> : null}
      {openWorldHint ? <span className="badge badge-warning">open world</span> : null}
    </p>
  );
}

function TryIt({ tool }: { tool: ToolDescriptor }) {
  const fields = fieldsOf(tool.inputSchema);
  const [asJson, setAsJson] = useState(fields === null);
  const [values, setValues] = useState<FormValues>(() => (fields ? initialValues(fields) : {}));
  const [json, setJson] = useState('{}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<Record<string, unknown> | null>(null);
  const jsonId = useId();
  const call = useMutation({ mutationFn: (args: Record<string, unknown>) => callTool(tool.name, args) });

  const argumentsNow = (): Record<string, unknown> | null => {
    if (asJson || !fields) {
      try {
        const parsed: unknown = JSON.parse(json);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          setErrors({});
          return parsed as Record<string, unknown>;
        }
        setErrors({ json: 'The arguments must be a JSON object' });
      } catch {
        setErrors({ json: 'Not valid JSON' });
      }
      return null;
    }
    const result = toArguments(fields, values);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? result.args : null;
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const args = argumentsNow();
    if (!args) return;
    // A tool that may destroy something is run only after the person says so here.
    if (tool.annotations.destructiveHint) setPending(args);
    else call.mutate(args);
  };

  const switchMode = () => {
    if (!asJson && fields) {
      const result = toArguments(fields, values);
      if (result.ok) setJson(JSON.stringify(result.args, null, 2));
    }
    setErrors({});
    setAsJson(!asJson);
  };

  const failure = call.error;
  const confirmation = failure instanceof ApiError && failure.code === 'confirmation_required';
  return (
    <form onSubmit={submit} noValidate aria-label={`Try ${tool.name}`}>
      {fields && !asJson ? (
        <SchemaFields fields={fields} values={values} errors={errors} onChange={setValues} />
      ) : (
        <div className="field">
          <label htmlFor={jsonId}>Arguments (JSON)</label>
          <textarea
            id={jsonId}
            value={json}
            rows={8}
            onChange={(event) => setJson(event.target.value)}
            aria-invalid={errors.json ? true : undefined}
            aria-describedby={errors.json ? `${jsonId}-error` : undefined}
          />
          {errors.json ? (
            <p className="field-error" id={`${jsonId}-error`}>
              {errors.json}
            </p>
          ) : null}
        </div>
      )}
      <div className="actions">
        <button type="submit" disabled={call.isPending}>
          {call.isPending ? 'Calling…' : 'Call the tool'}
        </button>
        {fields ? (
          <button type="button" className="button-secondary" onClick={switchMode}>
            {asJson ? 'Edit as a form' : 'Edit as JSON'}
          </button>
        ) : null}
      </div>
      {confirmation ? (
        <div className="alert alert-warning" role="alert">
          <p>{failure.message}</p>
          <p>
            The key this call used wants destructive calls confirmed in an MCP client; the console's HTTP calls cannot
            answer that question.
          </p>
        </div>
      ) : (
        <ErrorAlert error={failure} />
      )}
      {call.data ? <ToolResultView timed={call.data} /> : null}
      <ConfirmDialog
        open={pending !== null}
        title={`Run ${tool.name}?`}
        confirmLabel="Run it"
        danger
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending) call.mutate(pending);
          setPending(null);
        }}
      >
        <p>This tool may delete or overwrite data. Run it with these arguments?</p>
        <pre>{JSON.stringify(pending, null, 2)}</pre>
      </ConfirmDialog>
    </form>
  );
}

/** One tool of the catalog: what it does, its hints, and a form to call it. */
export function ToolCard({ tool }: { tool: ToolDescriptor }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const titleId = useId();
  return (
    <li className="card" aria-labelledby={titleId} data-testid={`tool-${tool.name}`}>
      <h2 id={titleId}>
        {tool.title ?? tool.name} {tool.title ? <code className="hint">{tool.name}</code> : null}
      </h2>
      <p>{tool.description}</p>
      <Badges tool={tool} />
      <button
        type="button"
        className="button-secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Close' : 'Try it'}
      </button>
      <div id={panelId} className="tool-panel" hidden={!open}>
        {open ? <TryIt tool={tool} /> : null}
      </div>
    </li>
  );
}
