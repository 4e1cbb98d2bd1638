import { costOf, fieldsOf, initialValues, toArguments } from './schema-form';

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string', maxLength: 512, description: 'Where' },
    content: { type: 'string' },
    since: { type: 'string', format: 'date-time' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    recursive: { type: 'boolean', default: false },
    encoding: { type: 'string', enum: ['utf8', 'base64'], default: 'utf8' },
    tags: { type: 'array', items: { type: 'string' } },
    window: {
      type: 'object',
      properties: { from: { type: 'string', maxLength: 40 }, to: { type: 'string', maxLength: 40 } },
      required: ['from'],
    },
    filter: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
  required: ['path'],
  additionalProperties: false,
};

describe('fieldsOf', () => {
  const fields = fieldsOf(schema)!;
  const byName = (name: string) => fields.find((field) => field.name === name)!;

  it('lays out each kind of property as its field', () => {
    expect(fields.map((field) => [field.name, field.kind])).toEqual([
      ['path', 'text'],
      ['content', 'text'],
      ['since', 'text'],
      ['limit', 'number'],
      ['recursive', 'boolean'],
      ['encoding', 'enum'],
      ['tags', 'string-list'],
      ['window', 'object'],
      ['filter', 'json'],
    ]);
  });

  it('marks required properties and keeps descriptions and bounds', () => {
    expect(byName('path')).toMatchObject({ required: true, description: 'Where', multiline: false });
    expect(byName('content')).toMatchObject({ required: false, multiline: true });
    expect(byName('since')).toMatchObject({ multiline: false });
    expect(byName('limit')).toMatchObject({ integer: true, minimum: 1, maximum: 100, default: 20 });
  });

  it('gives up on a schema that is not an object with properties', () => {
    expect(fieldsOf({ type: 'array' })).toBeNull();
    expect(fieldsOf({ type: 'object' })).toBeNull();
  });
});

describe('toArguments', () => {
  const fields = fieldsOf(schema)!;

  it('starts from the defaults and leaves out blank optional fields', () => {
    const values = { ...initialValues(fields), path: 'notes/a.txt' };
    expect(toArguments(fields, values)).toEqual({
      ok: true,
      args: { path: 'notes/a.txt', limit: 20, recursive: false, encoding: 'utf8' },
    });
  });

  it('reads numbers, lists, nested objects and JSON', () => {
    const values = {
      ...initialValues(fields),
      path: 'a',
      limit: '5',
      tags: 'x\n\n y \n',
      window: { from: '2026-01-01', to: '' },
      filter: 'null',
    };
    expect(toArguments(fields, values)).toEqual({
      ok: true,
      args: {
        path: 'a',
        limit: 5,
        recursive: false,
        encoding: 'utf8',
        tags: ['x', 'y'],
        window: { from: '2026-01-01' },
        filter: null,
      },
    });
  });

  it('names each field that is wrong, by its path', () => {
    const values = { ...initialValues(fields), path: ' ', limit: '2.5', window: { from: '', to: 'x' }, filter: '{' };
    expect(toArguments(fields, values)).toEqual({
      ok: false,
      errors: {
        path: 'Required',
        limit: 'Must be a whole number',
        'window.from': 'Required',
        filter: 'Must be valid JSON',
      },
    });
  });
});

describe('costOf', () => {
  it('finds the amount at the top or nested in the result', () => {
    expect(costOf({ totalCostUsd: '0.0125', model: 'gpt-4o' })).toBe('0.0125');
    expect(costOf({ totals: { costUsd: '3.5', records: 2 } })).toBe('3.5');
    expect(costOf({ record: { costUsd: '0.2' } })).toBe('0.2');
  });

  it('answers null for results without one', () => {
    expect(costOf(undefined)).toBeNull();
    expect(costOf({ status: 'ok' })).toBeNull();
  });
});
