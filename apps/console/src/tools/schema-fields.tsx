import { useId } from 'react';
import { Checkbox, TextField } from '../components/field';
import { FieldModel, FieldValue, FormValues } from './schema-form';

interface FieldsProps {
  fields: FieldModel[];
  values: FormValues;
  errors: Record<string, string>;
  onChange: (values: FormValues) => void;
  /** Path of these fields inside the arguments, for nested error messages. */
  prefix?: string;
}

function TextArea({
  label,
  value,
  onChange,
  hint,
  error,
  required,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  required: boolean;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <textarea
        id={id}
        value={value}
        required={required}
        rows={4}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function SelectField({
  field,
  value,
  onChange,
  error,
}: {
  field: Extract<FieldModel, { kind: 'enum' }>;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        id={id}
        value={value}
        required={field.required}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={field.description ? `${id}-hint` : undefined}
        aria-invalid={error ? true : undefined}
      >
        {field.required && field.default !== undefined ? null : <option value="">(not set)</option>}
        {field.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {field.description ? (
        <p className="hint" id={`${id}-hint`}>
          {field.description}
        </p>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

function hintOf(field: FieldModel): string | undefined {
  const parts = [field.description];
  if (field.kind === 'number') {
    if (field.minimum !== undefined && field.maximum !== undefined) parts.push(`${field.minimum} to ${field.maximum}`);
    else if (field.minimum !== undefined) parts.push(`at least ${field.minimum}`);
    else if (field.maximum !== undefined) parts.push(`at most ${field.maximum}`);
  }
  if (field.kind === 'string-list') parts.push('One value a line');
  if (field.kind === 'json') parts.push('JSON');
  const text = parts.filter(Boolean).join(' · ');
  return text === '' ? undefined : text;
}

/** The form for a tool's arguments, one control per property, nested objects as fieldsets. */
export function SchemaFields({ fields, values, errors, onChange, prefix = '' }: FieldsProps) {
  const set = (name: string, value: FieldValue) => onChange({ ...values, [name]: value });
  return (
    <>
      {fields.map((field) => {
        const value = values[field.name];
        const text = typeof value === 'string' ? value : '';
        const error = errors[`${prefix}${field.name}`];
        // What every text-like input of a field shows and reports the same way.
        const textProps = {
          label: field.label,
          required: field.required,
          value: text,
          onChange: (next: string) => set(field.name, next),
          hint: hintOf(field),
          error,
        };
        switch (field.kind) {
          case 'object':
            return (
              <fieldset key={field.name}>
                <legend>
                  {field.label}
                  {field.required ? <span aria-hidden="true"> *</span> : null}
                </legend>
                {field.description ? <p className="hint">{field.description}</p> : null}
                <SchemaFields
                  fields={field.fields}
                  values={typeof value === 'object' ? value : {}}
                  errors={errors}
                  onChange={(nested) => set(field.name, nested)}
                  prefix={`${prefix}${field.name}.`}
                />
              </fieldset>
            );
          case 'boolean':
            return (
              <Checkbox
                key={field.name}
                label={field.label}
                checked={value === true}
                onChange={(checked) => set(field.name, checked)}
                hint={field.description}
              />
            );
          case 'enum':
            return (
              <SelectField
                key={field.name}
                field={field}
                value={text}
                onChange={(next) => set(field.name, next)}
                error={error}
              />
            );
          case 'number':
            return (
              <TextField
                key={field.name}
                {...textProps}
                type="number"
                inputMode={field.integer ? 'numeric' : 'decimal'}
                step={field.integer ? 1 : 'any'}
                min={field.minimum}
                max={field.maximum}
              />
            );
          case 'text':
            return field.multiline ? (
              <TextArea key={field.name} {...textProps} />
            ) : (
              <TextField key={field.name} {...textProps} />
            );
          case 'string-list':
          case 'json':
            return <TextArea key={field.name} {...textProps} />;
        }
      })}
    </>
  );
}
