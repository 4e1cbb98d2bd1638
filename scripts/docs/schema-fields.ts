/**
 * The JSON Schemas the tool catalog serves (draft-07, as zod writes them), read as rows of a table:
 * one row per field, nested objects and arrays of objects flattened to dotted names.
 */

type Schema = Record<string, unknown>;

export interface FieldRow {
  /** `range.start`, `groups[].costUsd` */
  name: string;
  type: string;
  required: boolean;
  /** JSON of the default, when the schema has one. */
  defaultValue: string | undefined;
  /** Bounds and formats: `1–1024 characters`, `≤ 3600`, `ISO 8601 date-time`. */
  limits: string;
  description: string;
}

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const schemasIn = (value: unknown): Schema[] => (Array.isArray(value) ? value.filter(isSchema) : []);

/** zod writes `z.number().int()` with JavaScript's safe-integer range: that is no limit worth printing. */
const meaningful = (value: unknown): value is number =>
  typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER;

export function typeOf(schema: Schema): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const alternatives = schemasIn(schema.anyOf ?? schema.oneOf);
  if (alternatives.length > 0) return alternatives.map(typeOf).join(' | ');
  const type = schema.type;
  if (Array.isArray(type)) return type.map(String).join(' | ');
  if (type === 'array') return `${isSchema(schema.items) ? typeOf(schema.items) : 'unknown'}[]`;
  if (typeof type === 'string') return type;
  return 'any';
}

function limitsOf(schema: Schema): string {
  const limits: string[] = [];
  const range = (min: unknown, max: unknown, unit: string) => {
    if (meaningful(min) && meaningful(max)) limits.push(`${min}–${max}${unit}`);
    else if (meaningful(min)) limits.push(`≥ ${min}${unit}`);
    else if (meaningful(max)) limits.push(`≤ ${max}${unit}`);
  };
  range(schema.minLength, schema.maxLength, ' characters');
  range(schema.minimum, schema.maximum, '');
  range(schema.exclusiveMinimum, undefined, ' (exclusive)');
  range(schema.minItems, schema.maxItems, ' items');
  if (schema.type === 'integer') limits.push('integer');
  if (schema.format === 'date-time') limits.push('ISO 8601 date-time');
  else if (typeof schema.format === 'string') limits.push(`format ${schema.format}`);
  else if (typeof schema.pattern === 'string') limits.push(`pattern \`${schema.pattern}\``);
  return limits.join(', ');
}

/** Text for a Markdown table cell: one line, pipes escaped. */
export function cell(text: string): string {
  return text.replaceAll('\n', ' ').replaceAll('|', '\\|');
}

/** The object a field's rows descend into: itself, the items of an array of objects, or the object of a nullable. */
function nestedObject(schema: Schema): { schema: Schema; suffix: string } | undefined {
  if (isSchema(schema.properties)) return { schema, suffix: '' };
  if (schema.type === 'array' && isSchema(schema.items) && isSchema(schema.items.properties)) {
    return { schema: schema.items, suffix: '[]' };
  }
  const objects = schemasIn(schema.anyOf).filter((alternative) => isSchema(alternative.properties));
  return objects.length === 1 && objects[0] ? { schema: objects[0], suffix: '' } : undefined;
}

/** One row per property of an object schema, and below each nested object, its own. */
export function fieldRows(schema: Schema, prefix = ''): FieldRow[] {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(properties).flatMap(([name, value]) => {
    if (!isSchema(value)) return [];
    const fullName = `${prefix}${name}`;
    const nested = nestedObject(value);
    const row: FieldRow = {
      name: fullName,
      type: nested && nested.schema === value ? 'object' : typeOf(value),
      required: required.has(name),
      defaultValue: 'default' in value ? JSON.stringify(value.default) : undefined,
      limits: limitsOf(value),
      description: typeof value.description === 'string' ? value.description : '',
    };
    return [row, ...(nested ? fieldRows(nested.schema, `${fullName}${nested.suffix}.`) : [])];
  });
}
