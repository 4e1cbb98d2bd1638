type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  uuid: '00000000-0000-4000-8000-000000000000',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  email: 'user@example.com',
};

/** Values tried, in order, against a string schema's pattern. */
const PATTERN_CANDIDATES = ['example', 'example.txt', '0.01', '1', 'a', 'A', 'EXAMPLE', 'example_1', 'example-1'];

function stringExample(schema: Record<string, Json>): string {
  const formatted = typeof schema.format === 'string' ? FORMAT_EXAMPLES[schema.format] : undefined;
  if (formatted !== undefined) return formatted;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const fits = (value: string) => value.length >= min && value.length <= max;
  if (typeof schema.pattern === 'string') {
    // The pattern is one of our own schemas' (the contracts' or a tool's), never a caller's, and it
    // is only tried on the short candidates above.
    const pattern = new RegExp(schema.pattern, 'u');
    const matching = PATTERN_CANDIDATES.find((candidate) => fits(candidate) && pattern.test(candidate));
    if (matching !== undefined) return matching;
  }
  return 'example'.padEnd(min, 'x').slice(0, max);
}

function numberExample(schema: Record<string, Json>, integer: boolean): number {
  if (typeof schema.minimum === 'number') return integer ? Math.ceil(schema.minimum) : schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number') return Math.floor(schema.exclusiveMinimum) + 1;
  if (typeof schema.maximum === 'number' && schema.maximum < 0) return schema.maximum;
  return integer ? 1 : 1.5;
}

/**
 * A small value a JSON schema accepts, for a documented example: the schema's own example, default,
 * constant or first choice when it has one, else only the properties it requires, each made up the same way.
 */
export function exampleOf(schema: Json | undefined): Json {
  if (schema === undefined || schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const [example] = Array.isArray(schema.examples) ? schema.examples : [];
  if (example !== undefined) return example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  const [choice] = Array.isArray(schema.enum) ? schema.enum : [];
  if (choice !== undefined) return choice;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const concrete = options.find(
        (option) => !(option && typeof option === 'object' && 'type' in option && option.type === 'null'),
      );
      return exampleOf(concrete ?? options[0]);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringExample(schema);
    case 'integer':
      return numberExample(schema, true);
    case 'number':
      return numberExample(schema, false);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => exampleOf(schema.items));
    }
    default: {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      return Object.fromEntries(required.map((name) => [name, exampleOf(properties[name])]));
    }
  }
}
