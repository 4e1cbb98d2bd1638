import { ErrorResponseSchema, ToolDescriptor } from '@lfc/contracts';
import { z } from 'zod';
import { ERROR_CODES, ErrorCode } from '../errors/domain-error';
import { exampleOf } from './schema-example';
import { AUTH_ROUTES, COST_ROUTES, GATEWAY_ROUTES, NamedSchema, PublicRoute, RouteAccess } from './public-routes';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Where the gateway serves the document (Swagger UI over it is at /docs). */
export const OPENAPI_DOCUMENT_PATH = '/openapi.json';

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string): JsonObject => ({ $ref: `#/components/responses/${name}` });

/** `read_file` → `ReadFile`: the stem of a tool's component names. */
function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** JSON Schema 2020-12 (what OpenAPI 3.1 speaks) for a zod schema, as a request (input) or an answer (output). */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

/** Draft-07 keywords the catalog's tool schemas use, in their 2020-12 spelling. */
function draft7To202012(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(draft7To202012);
  if (schema === null || typeof schema !== 'object') return schema;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if (key === 'definitions') result.$defs = draft7To202012(value);
    else if (key === '$ref' && typeof value === 'string') result.$ref = value.replace('#/definitions/', '#/$defs/');
    else result[key] = draft7To202012(value);
  }
  return result;
}

const ACCESS_SECURITY: Record<RouteAccess, Json> = {
  public: [],
  credential: [{ apiKey: [] }, { bearer: [] }],
  access_token: [{ bearer: [] }],
  refresh_cookie: [{ refreshCookie: [] }],
};

/** HTTP statuses of the error table, each with the codes answered with it, in the table's order. */
function errorStatuses(): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const [code, { status }] of Object.entries(ERROR_CODES) as [ErrorCode, { status: number }][]) {
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus.entries()].sort(([a], [b]) => a - b));
}

/** Errors any authenticated route may answer; the tool facade may answer every status of the table. */
const ROUTE_ERROR_STATUSES = [400, 401, 403, 404, 429, 500, 503];

class DocumentBuilder {
  readonly schemas: Record<string, JsonObject> = {};
  private readonly sources = new Map<string, z.ZodType>();

  /** Puts a named zod schema under components; a name means one schema, never two. */
  named({ name, schema }: NamedSchema, io: 'input' | 'output'): JsonObject {
    const known = this.sources.get(name);
    if (known && known !== schema) throw new Error(`OpenAPI: two schemas are named ${name}`);
    if (!known) {
      this.sources.set(name, schema);
      this.schemas[name] = jsonSchemaOf(schema, io);
    }
    return ref(name);
  }

  raw(name: string, schema: JsonObject): JsonObject {
    if (this.schemas[name]) throw new Error(`OpenAPI: two schemas are named ${name}`);
    this.schemas[name] = schema;
    return ref(name);
  }
}

function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchemaOf(schema, 'input') as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema: property,
    ...(typeof description === 'string' ? { description } : {}),
  }));
}

function errorResponses(statuses: readonly number[]): JsonObject {
  return Object.fromEntries(statuses.map((status) => [String(status), responseRef(`Error${status}`)]));
}

function operationOf(route: PublicRoute, builder: DocumentBuilder): JsonObject {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  if (route.access === 'refresh_cookie') {
    parameters.push({
      name: 'x-lfc-csrf',
      in: 'header',
      required: true,
      description: 'Any value a page can send from its own origin (1), which no cross-site form can',
      schema: { type: 'string', const: '1' },
    });
  }
  const { status, body } = route.success;
  const success: JsonObject =
    body === undefined
      ? { description: status === 204 ? 'Done; no content' : 'Done' }
      : body === 'csv'
        ? { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }
        : { description: 'Done', content: { 'application/json': { schema: builder.named(body, 'output') } } };
  if (body === undefined && status !== 204) success.content = { 'application/json': { schema: { type: 'object' } } };
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: route.summary,
    security: ACCESS_SECURITY[route.access],
    ...(route.deprecated ? { deprecated: true } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !route.body.optional,
            content: { 'application/json': { schema: builder.named(route.body, 'input') } },
          },
        }
      : {}),
    responses: { [String(status)]: success, ...errorResponses(ROUTE_ERROR_STATUSES) },
  };
}

interface ToolParts {
  callSchemas: JsonObject[];
  resultSchemas: JsonObject[];
  mapping: JsonObject;
  requestExamples: JsonObject;
  resultExamples: JsonObject;
  summary: string[];
}

/** Each tool's arguments, call and result as named components, and an example call and answer. */
function toolParts(tools: readonly ToolDescriptor[], builder: DocumentBuilder): ToolParts {
  const parts: ToolParts = {
    callSchemas: [],
    resultSchemas: [],
    mapping: {},
    requestExamples: {},
    resultExamples: {},
    summary: [],
  };
  for (const tool of tools) {
    const stem = pascalCase(tool.name);
    const input = draft7To202012(tool.inputSchema as Json) as JsonObject;
    const output = tool.outputSchema ? (draft7To202012(tool.outputSchema as Json) as JsonObject) : undefined;
    const argumentsRef = builder.raw(`${stem}Arguments`, input);
    const argumentsRequired = Array.isArray(input.required) && input.required.length > 0;
    const call = builder.raw(`${stem}Call`, {
      type: 'object',
      description: `A call of ${tool.name}: ${tool.description}`,
      required: argumentsRequired ? ['name', 'arguments'] : ['name'],
      properties: {
        name: { type: 'string', const: tool.name },
        arguments: argumentsRef,
        confirmed: {
          type: 'boolean',
          default: false,
          description: 'The person confirmed this very call (after a 428 confirmation_required)',
        },
      },
    });
    const outputRef = output ? builder.raw(`${stem}Output`, output) : undefined;
    const result = builder.raw(`${stem}Result`, {
      type: 'object',
      description: `What a call of ${tool.name} answers`,
      required: ['content', 'isError'],
      properties: {
        content: { type: 'array', items: ref('ContentBlock') },
        ...(outputRef ? { structuredContent: outputRef } : {}),
        isError: { type: 'boolean', description: 'true: the tool failed; content says why' },
        _meta: { type: 'object', description: 'MCP result metadata, e.g. deprecated arguments the call used' },
      },
    });
    parts.callSchemas.push(call);
    parts.resultSchemas.push(result);
    parts.mapping[tool.name] = `#/components/schemas/${stem}Call`;
    parts.requestExamples[tool.name] = {
      summary: tool.title ?? tool.name,
      value: { name: tool.name, arguments: exampleOf(input) },
    };
    const structured = output ? exampleOf(output) : undefined;
    parts.resultExamples[tool.name] = {
      summary: tool.title ?? tool.name,
      value: {
        content: [{ type: 'text', text: structured === undefined ? 'text answer' : JSON.stringify(structured) }],
        ...(structured === undefined ? {} : { structuredContent: structured }),
        isError: false,
      },
    };
    parts.summary.push(`| \`${tool.name}\` | ${tool.title ?? tool.name} | \`${stem}Call\` | \`${stem}Result\` |`);
  }
  return parts;
}

function errorComponents(builder: DocumentBuilder): JsonObject {
  const entries = Object.entries(ERROR_CODES) as [ErrorCode, { status: number; jsonRpc: number }][];
  builder.raw('ErrorCode', {
    type: 'string',
    enum: entries.map(([code]) => code),
    description: [
      'Every failure a caller can act on, with the HTTP status it is answered with and the JSON-RPC error code',
      'it carries in the JSON-RPC form (where the code is `error.data.reason`):',
      '',
      '| code | HTTP status | JSON-RPC code |',
      '| --- | --- | --- |',
      ...entries.map(([code, { status, jsonRpc }]) => `| \`${code}\` | ${status} | ${jsonRpc} |`),
    ].join('\n'),
    'x-http-status': Object.fromEntries(entries.map(([code, { status }]) => [code, status])),
  });
  const error = jsonSchemaOf(ErrorResponseSchema, 'output');
  (error as { properties: { error: { properties: JsonObject } } }).properties.error.properties.code = ref('ErrorCode');
  builder.raw('ErrorResponse', error);
  const responses: JsonObject = {};
  for (const [status, codes] of errorStatuses()) {
    responses[`Error${status}`] = {
      description: `Refused with one of: ${codes.join(', ')}`,
      content: {
        'application/json': {
          schema: ref('ErrorResponse'),
          examples: Object.fromEntries(
            codes.map((code) => [
              code,
              {
                summary: code,
                value: {
                  error: {
                    code,
                    message: `the request failed: ${code}`,
                    requestId: '0b5e9a8e-5b7e-4c3f-9d84-0c4a3c1d2e11',
                  },
                },
              },
            ]),
          ),
        },
      },
    };
  }
  return responses;
}

function jsonRpcComponents(builder: DocumentBuilder): void {
  builder.raw('JsonRpcId', { type: ['string', 'integer'], description: 'The JSON-RPC request id' });
  const envelope = (method: string, params: JsonObject | undefined): JsonObject => ({
    type: 'object',
    required: params ? ['jsonrpc', 'id', 'method', 'params'] : ['jsonrpc', 'id', 'method'],
    properties: {
      jsonrpc: { type: 'string', const: '2.0' },
      id: ref('JsonRpcId'),
      method: { type: 'string', const: method },
      ...(params ? { params } : {}),
    },
  });
  builder.raw('ToolsListRpcRequest', {
    ...envelope('tools/list', undefined),
    description: 'tools/list as a JSON-RPC 2.0 request; answered in kind',
  });
  builder.raw('ToolsCallRpcRequest', {
    ...envelope('tools/call', ref('ToolCallRequest')),
    description: 'tools/call as a JSON-RPC 2.0 request; answered in kind',
  });
  builder.raw('JsonRpcErrorResponse', {
    type: 'object',
    description:
      'A refused JSON-RPC request: the error code is the JSON-RPC code of the error table, data.reason its code',
    required: ['jsonrpc', 'id', 'error'],
    properties: {
      jsonrpc: { type: 'string', const: '2.0' },
      id: { oneOf: [ref('JsonRpcId'), { type: 'null' }] },
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'integer' },
          message: { type: 'string' },
          data: {
            type: 'object',
            properties: { reason: ref('ErrorCode'), requestId: { type: 'string' } },
          },
        },
      },
    },
  });
  const rpcResult = (result: JsonObject): JsonObject => ({
    type: 'object',
    required: ['jsonrpc', 'id', 'result'],
    properties: { jsonrpc: { type: 'string', const: '2.0' }, id: ref('JsonRpcId'), result },
  });
  builder.raw('ToolsListRpcResponse', { oneOf: [rpcResult(ref('ToolList')), ref('JsonRpcErrorResponse')] });
  builder.raw('ToolsCallRpcResponse', { oneOf: [rpcResult(ref('ToolCallResult')), ref('JsonRpcErrorResponse')] });
}

function facadePaths(tools: readonly ToolDescriptor[], builder: DocumentBuilder): JsonObject {
  const parts = toolParts(tools, builder);
  builder.raw('ContentBlock', {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', description: 'text, image, resource, …' } },
    additionalProperties: true,
  });
  builder.raw('ToolCallRequest', {
    description: 'A tool call: `name` says which tool, and with it what `arguments` must be',
    oneOf: parts.callSchemas,
    discriminator: { propertyName: 'name', mapping: parts.mapping },
  });
  builder.raw('ToolCallResult', {
    description: 'What a tool call answers; a call of a tool answers that tool’s result (see ToolCallRequest)',
    anyOf: parts.resultSchemas,
  });
  jsonRpcComponents(builder);
  const allErrors = errorResponses([...errorStatuses().keys()]);
  const [firstTool] = tools;
  return {
    '/api/v1/tools/list': {
      post: {
        operationId: 'listToolsPost',
        tags: ['tools'],
        summary: 'The tools this credential may call; a JSON-RPC tools/list request is answered in kind',
        description:
          'Any body other than a JSON-RPC 2.0 envelope (or none) answers the plain list; an envelope answers a JSON-RPC response.',
        requestBody: {
          required: false,
          content: { 'application/json': { schema: { oneOf: [ref('ToolsListRpcRequest'), { type: 'object' }] } } },
        },
        responses: {
          '200': {
            description: 'The list, plain or as a JSON-RPC response',
            content: { 'application/json': { schema: { oneOf: [ref('ToolList'), ref('ToolsListRpcResponse')] } } },
          },
          ...allErrors,
        },
      },
    },
    '/api/v1/tools/call': {
      post: {
        operationId: 'callTool',
        tags: ['tools'],
        summary:
          'Call a tool: { name, arguments } in, the tool’s result out; a JSON-RPC tools/call is answered in kind',
        description: [
          'A plain body is a `ToolCallRequest`, one variant per tool (discriminated by `name`). A JSON-RPC 2.0 envelope',
          '(`ToolsCallRpcRequest`) is answered with a JSON-RPC response, whose refusals are JSON-RPC errors with HTTP 200.',
          'A call that needs the person’s confirmation is a 428 `confirmation_required` carrying the tool’s question;',
          'repeat it with `confirmed: true` once they said yes.',
          '',
          '| tool | title | call | result |',
          '| --- | --- | --- | --- |',
          ...parts.summary,
        ].join('\n'),
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { oneOf: [ref('ToolCallRequest'), ref('ToolsCallRpcRequest')] },
              examples: {
                ...parts.requestExamples,
                ...(firstTool
                  ? {
                      'json-rpc': {
                        summary: `${firstTool.name} as a JSON-RPC 2.0 request`,
                        value: {
                          jsonrpc: '2.0',
                          id: 1,
                          method: 'tools/call',
                          params: (parts.requestExamples[firstTool.name] as { value: Json }).value,
                        },
                      },
                    }
                  : {}),
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The tool’s result (isError: true when the tool failed), plain or as a JSON-RPC response',
            content: {
              'application/json': {
                schema: { oneOf: [ref('ToolCallResult'), ref('ToolsCallRpcResponse')] },
                examples: parts.resultExamples,
              },
            },
          },
          ...allErrors,
        },
      },
    },
  };
}

const TAGS: [string, string][] = [
  ['tools', 'Tool calls over plain HTTP (the MCP endpoint /mcp is described in docs/protocol.md)'],
  ['usage', 'Tool call reports'],
  ['audit', 'Audit records and their hash chains'],
  ['discovery', 'Metadata clients read before they authenticate'],
  ['session', 'Log in, the current user, passwords and second factors'],
  ['browser-session', 'Sign-in for browsers, with an HttpOnly refresh cookie'],
  ['setup', 'The one-time setup link of the bootstrap admin'],
  ['users', 'Users and roles (admins)'],
  ['api-keys', 'API keys'],
  ['tokens', 'Access token signing keys'],
  ['reports', 'Cost reports'],
  ['budgets', 'Monthly budgets of keys and users'],
  ['prices', 'Model prices'],
];

/**
 * The public API of the whole suite as one OpenAPI 3.1 document: the gateway's routes, the auth and
 * cost-accounting routes it fronts (from the zod schemas they validate with), and one variant per tool
 * of the live catalog. Same catalog, same document: nothing in it depends on time, host or port.
 */
export function buildOpenApiDocument(tools: readonly ToolDescriptor[]): JsonObject {
  const builder = new DocumentBuilder();
  const errorResponsesByStatus = errorComponents(builder);
  const paths: Record<string, JsonObject> = facadePaths(tools, builder) as Record<string, JsonObject>;
  for (const route of [...GATEWAY_ROUTES, ...AUTH_ROUTES, ...COST_ROUTES]) {
    const path = (paths[route.path] ??= {});
    if (path[route.method]) throw new Error(`OpenAPI: ${route.method} ${route.path} is described twice`);
    path[route.method] = operationOf(route, builder);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'LangFlow Connect',
      version: '1',
      description:
        'The public HTTP API of LangFlow Connect: tool calls, usage and audit reports (gateway), users, keys and sessions (auth), costs and budgets (cost-accounting). Authenticate with an API key in `X-API-Key` or as a bearer token, or with an access token from `POST /api/v1/auth/login`.',
      contact: { name: 'LangFlow Connect' },
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The gateway this document was served by' }],
    security: ACCESS_SECURITY.credential,
    tags: TAGS.map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key or an access token' },
        refreshCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'lfc_refresh',
          description: 'The browser session’s refresh cookie',
        },
      },
      schemas: builder.schemas,
      responses: errorResponsesByStatus,
    },
  };
}

/** The same value with every object's keys in order: equal documents serialise to equal text. */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => [key, sortKeys(item)]),
  );
}

/** The document as committed in docs/openapi.json: sorted keys, two-space indent, final newline. */
export function canonicalJson(document: JsonObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}
