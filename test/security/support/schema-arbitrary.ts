import fc from 'fast-check';

/** The JSON Schema subset the tool catalog uses (what zod's JSON Schema output produces). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

/** Strings an attacker tries first: traversal, encodings, control characters, injection. */
const hostileString = fc.constantFrom(
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/absolute/path',
  'tenants/user-00000000-0000-0000-0000-000000000000/secret.txt',
  '%2e%2e%2fsecret',
  'a\u0000b',
  '\u202e\u0000\r\n',
  "'; DROP TABLE users; --",
  '${jndi:ldap://127.0.0.1/x}',
  '=cmd|"/c calc"!A1',
  'http://169.254.169.254/latest/meta-data/',
  '*'.repeat(64),
  'x'.repeat(70_000),
  '',
  ' ',
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -1e308),
  hostileString,
  fc.string({ maxLength: 40 }),
  fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown),
);

/** Values the schema allows (roughly: bounds and enums honoured), so the tools' own logic runs. */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map(validValue));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 64, 64) }),
        fc.constantFrom(
          'notes.txt',
          'reports/2025/summary.md',
          'src/main.py',
          'gpt-4o',
          'claude-3-5-sonnet',
          'last_7_days',
        ),
      );
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 10_000, 10_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 10_000, 10_000), noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? validValue(schema.items) : anyJson, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object':
      return objectValue(schema);
    default:
      return anyJson;
  }
}

function objectValue(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const fields: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, validValue(property)]),
  );
  return fc.record(fields, { requiredKeys: Object.keys(fields).filter((name) => required.has(name)) });
}

/** A valid argument object, then changed the way a fuzzer changes it: fields dropped, retyped, added, inflated. */
export function mutatedArguments(schema: JsonSchema): fc.Arbitrary<unknown> {
  const valid = objectValue(schema);
  const names = Object.keys(schema.properties ?? {});
  const field = names.length > 0 ? fc.constantFrom(...names) : fc.string({ maxLength: 10 });
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    valid.chain((value) =>
      field.map((name) => Object.fromEntries(Object.entries(value).filter(([key]) => key !== name))),
    ),
    valid.chain((value) => fc.tuple(field, anyJson).map(([name, replacement]) => ({ ...value, [name]: replacement }))),
    valid.chain((value) =>
      fc.tuple(fc.string({ maxLength: 20 }), anyJson).map(([name, extra]) => ({ ...value, [name]: extra })),
    ),
    valid.map((value) => ({ ...value, __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } })),
    anyJson,
  );
}
