/**
 * A tool's input JSON Schema (draft-07, as the executor publishes it) as form fields, and the
 * form's values back as call arguments. What a field cannot express (unions, arrays of objects,
 * free maps) becomes a JSON editor for that argument; the server validates the call either way.
 */

type JsonSchema = Record<string, unknown>;

interface FieldBase {
  name: string;
  label: string;
  description?: string;
  required: boolean;
}

export type FieldModel = FieldBase &
  (
    | { kind: 'text'; multiline: boolean; default?: string }
    | { kind: 'number'; integer: boolean; minimum?: number; maximum?: number; default?: number }
    | { kind: 'boolean'; default?: boolean }
    | { kind: 'enum'; options: string[]; default?: string }
    | { kind: 'string-list'; default?: string[] }
    | { kind: 'object'; fields: FieldModel[] }
    | { kind: 'json'; default?: unknown }
  );

/** Text for text, number, enum, list and JSON fields; a boolean or nothing for checkboxes; a map for objects. */
export type FieldValue = string | boolean | undefined | FormValues;
export interface FormValues {
  [name: string]: FieldValue;
}

export type ArgumentsResult =
  { ok: true; args: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Above this many characters a text argument gets a multi-line box. */
const SINGLE_LINE_MAX = 1024;

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function fieldOf(name: string, schema: JsonSchema, required: boolean): FieldModel {
  const base: FieldBase = {
    name,
    label: stringOr(schema.title) ?? name,
    description: stringOr(schema.description),
    required,
  };
  const fallback = (): FieldModel => ({ ...base, kind: 'json', default: schema.default });
  if (isStringArray(schema.enum) && (schema.type === undefined || schema.type === 'string')) {
    return { ...base, kind: 'enum', options: schema.enum, default: stringOr(schema.default) };
  }
  switch (schema.type) {
    case 'string': {
      const maxLength = numberOr(schema.maxLength);
      // A value with a format or pattern (a date, an id) is one line, however long it may be.
      const shaped = schema.format !== undefined || schema.pattern !== undefined;
      return {
        ...base,
        kind: 'text',
        multiline: !shaped && (maxLength === undefined || maxLength > SINGLE_LINE_MAX),
        default: stringOr(schema.default),
      };
    }
    case 'number':
    case 'integer':
      return {
        ...base,
        kind: 'number',
        integer: schema.type === 'integer',
        minimum: numberOr(schema.minimum),
        maximum: numberOr(schema.maximum),
        default: numberOr(schema.default),
      };
    case 'boolean':
      return { ...base, kind: 'boolean', default: typeof schema.default === 'boolean' ? schema.default : undefined };
    case 'array':
      return isObject(schema.items) && schema.items.type === 'string'
        ? { ...base, kind: 'string-list', default: isStringArray(schema.default) ? schema.default : undefined }
        : fallback();
    case 'object': {
      const fields = fieldsOf(schema);
      return fields ? { ...base, kind: 'object', fields } : fallback();
    }
    default:
      return fallback();
  }
}

/** The fields of an object schema, or null when it is not one the form can lay out. */
export function fieldsOf(schema: JsonSchema): FieldModel[] | null {
  if (schema.type !== 'object' || !isObject(schema.properties)) return null;
  const required = new Set(isStringArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([name, property]) =>
    fieldOf(name, isObject(property) ? property : {}, required.has(name)),
  );
}

/** Each field's default, as the form holds it. */
export function initialValues(fields: FieldModel[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    switch (field.kind) {
      case 'text':
      case 'enum':
        values[field.name] = field.default ?? '';
        break;
      case 'number':
        values[field.name] = field.default === undefined ? '' : String(field.default);
        break;
      case 'boolean':
        values[field.name] = field.default;
        break;
      case 'string-list':
        values[field.name] = field.default?.join('\n') ?? '';
        break;
      case 'object':
        values[field.name] = initialValues(field.fields);
        break;
      case 'json':
        values[field.name] = field.default === undefined ? '' : JSON.stringify(field.default, null, 2);
        break;
    }
  }
  return values;
}

function argumentOf(field: FieldModel, value: FieldValue, path: string, errors: Record<string, string>): unknown {
  if (field.kind === 'object') {
    const inner: Record<string, string> = {};
    const nested = collect(field.fields, typeof value === 'object' ? value : {}, `${path}.`, inner);
    // An optional object left blank is left out, required fields inside it included.
    if (Object.keys(nested).length === 0 && !field.required) return undefined;
    Object.assign(errors, inner);
    return nested;
  }
  if (field.kind === 'boolean') {
    return typeof value === 'boolean' ? value : field.required ? false : undefined;
  }
  const text = typeof value === 'string' ? value : '';
  if (text.trim() === '') {
    if (field.required) errors[path] = 'Required';
    return undefined;
  }
  switch (field.kind) {
    case 'number': {
      const number = Number(text);
      if (!Number.isFinite(number)) errors[path] = 'Must be a number';
      else if (field.integer && !Number.isInteger(number)) errors[path] = 'Must be a whole number';
      return number;
    }
    case 'string-list':
      return text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        errors[path] = 'Must be valid JSON';
        return undefined;
      }
    case 'text':
    case 'enum':
      return text;
  }
}

function collect(fields: FieldModel[], values: FormValues, prefix: string, errors: Record<string, string>) {
  const args: Record<string, unknown> = {};
  for (const field of fields) {
    const value = argumentOf(field, values[field.name], `${prefix}${field.name}`, errors);
    if (value !== undefined) args[field.name] = value;
  }
  return args;
}

/** The call's arguments, or what is wrong by field path (`options.limit`). Blank optional fields are left out. */
export function toArguments(fields: FieldModel[], values: FormValues): ArgumentsResult {
  const errors: Record<string, string> = {};
  const args = collect(fields, values, '', errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, args };
}

/** The first amount in USD a tool's structured result carries (the cost tools' `costUsd`, `totalCostUsd`). */
export function costOf(structured: Record<string, unknown> | undefined): string | null {
  const queue: unknown[] = [structured];
  for (let depth = 0; depth < 3 && queue.length > 0; depth += 1) {
    const level = queue.splice(0);
    for (const node of level) {
      if (!isObject(node)) continue;
      for (const key of ['totalCostUsd', 'costUsd']) {
        const amount = node[key];
        if (typeof amount === 'string' || typeof amount === 'number') return String(amount);
      }
      queue.push(...Object.values(node).filter(isObject));
    }
  }
  return null;
}
