import { ToolDescriptor } from '@lfc/contracts';
import { ERROR_CODES } from '../errors/domain-error';
import { buildOpenApiDocument, canonicalJson } from './openapi-document';

const tool = (name: string, inputSchema: Record<string, unknown>, outputSchema?: Record<string, unknown>) =>
  ({
    name,
    title: name,
    description: `the ${name} tool`,
    inputSchema,
    ...(outputSchema ? { outputSchema } : {}),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  }) satisfies ToolDescriptor;

const TOOLS = [
  tool(
    'read_file',
    { type: 'object', properties: { path: { type: 'string', minLength: 1 } }, required: ['path'] },
    { type: 'object', properties: { size: { type: 'integer', minimum: 0 } }, required: ['size'] },
  ),
  tool('ping', { type: 'object', properties: { message: { type: 'string' } } }),
];

type Doc = {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { examples: Record<string, { value: unknown }> }> } }>
  >;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    responses: Record<string, { content: Record<string, { examples: Record<string, unknown> }> }>;
  };
};

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument(TOOLS) as unknown as Doc;

  it('describes tools/call as a union of one call per tool, discriminated by name, with an example each', () => {
    expect(document.components.schemas.ToolCallRequest).toMatchObject({
      oneOf: [{ $ref: '#/components/schemas/ReadFileCall' }, { $ref: '#/components/schemas/PingCall' }],
      discriminator: {
        propertyName: 'name',
        mapping: { read_file: '#/components/schemas/ReadFileCall', ping: '#/components/schemas/PingCall' },
      },
    });
    expect(document.components.schemas.ReadFileCall).toMatchObject({
      required: ['name', 'arguments'],
      properties: { name: { const: 'read_file' }, arguments: { $ref: '#/components/schemas/ReadFileArguments' } },
    });
    expect(document.components.schemas.ReadFileResult).toMatchObject({
      properties: { structuredContent: { $ref: '#/components/schemas/ReadFileOutput' } },
    });
    const examples = document.paths['/api/v1/tools/call']!.post!.requestBody!.content['application/json']!.examples;
    expect(examples.read_file!.value).toEqual({ name: 'read_file', arguments: { path: 'example' } });
    expect(examples.ping!.value).toEqual({ name: 'ping', arguments: {} });
  });

  it('documents every code of the error table under its HTTP status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(document.components.responses[`Error${status}`]?.content['application/json']!.examples).toHaveProperty(
        code,
      );
    }
    expect(document.components.schemas.ErrorCode).toMatchObject({ enum: Object.keys(ERROR_CODES) });
  });

  it('serialises the same catalog to the same text, with every object’s keys in order', () => {
    const text = canonicalJson(buildOpenApiDocument(TOOLS));
    expect(canonicalJson(buildOpenApiDocument([...TOOLS]))).toBe(text);
    const parsed = JSON.parse(text) as Doc & Record<string, unknown>;
    for (const object of [parsed, parsed.components.schemas, parsed.components.schemas.ReadFileCall!]) {
      const keys = Object.keys(object);
      expect(keys).toEqual([...keys].sort());
    }
    expect(text).not.toMatch(/localhost|127\.0\.0\.1|\d{4}-\d{2}-\d{2}T(?!00:00:00Z)/);
  });
});
