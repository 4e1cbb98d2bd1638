/**
 * docs/reference/tools.md, from the executor's real catalog (tool-catalog.ts): every tool's
 * description, arguments, result, hints, limits and an example call.
 */
import type { ToolExecutorConfig } from '../../apps/tool-executor/src/config';
import { cell, fieldRows } from './schema-fields';
import type { DocumentedCatalog, DocumentedTool } from './tool-catalog';

export const TOOLS_PAGE = 'docs/reference/tools.md';

/**
 * The arguments of each tool's example call. The reference refuses to render a tool without one,
 * and tool-reference.spec.ts checks each against the tool's input schema.
 */
export const EXAMPLE_ARGUMENTS: Readonly<Record<string, Record<string, unknown>>> = {
  analyze_code: { path: 'src/server.ts' },
  estimate_cost: { model: 'gpt-4o', input_tokens: 1200, output_tokens: 300 },
  get_cost_summary: { period: 'last_7_days', group_by: 'model' },
  list_model_prices: { provider: 'openai' },
  track_token_usage: {
    operation_id: 'chatcmpl-9x8y7z',
    model: 'gpt-4o-mini',
    input_tokens: 1200,
    output_tokens: 300,
    operation_type: 'completion',
  },
  append_file: { path: 'logs/run.log', content: 'step 3 done\n' },
  delete_file: { path: 'reports/old.csv' },
  list_files: { path: 'reports', recursive: true, limit: 50 },
  presign_download: { path: 'reports/2025/summary.pdf', expires_in_seconds: 600 },
  presign_upload: { path: 'uploads/data.csv', content_type: 'text/csv', size: 52428800 },
  read_file: { path: 'reports/2025/summary.md', range: { start: 0, end: 1023 } },
  stat_file: { path: 'reports/2025/summary.md' },
  stream_files: { path: 'exports/big.ndjson', offset: 0, chunk_size: 262144 },
  write_file: { path: 'reports/2025/summary.md', content: '# Summary\n\nAll green.\n' },
  get_system_health: {},
  get_system_status: {},
  ping: { message: 'hello' },
};

/** The executor settings the reference names, with what each bounds. */
const SETTING_MEANINGS = {
  LFC_FILE_INLINE_MAX_BYTES: 'largest content a file tool reads or writes inside one call',
  LFC_FILE_UPLOAD_MAX_BYTES: 'largest file a presigned upload may carry, and largest file append_file grows',
  LFC_TENANT_QUOTA_BYTES: 'storage all of one tenant’s files may take',
  LFC_FILE_CONTENT_TYPES: 'content types the file tools accept (`type/*` allows a family)',
  LFC_ANALYZE_MAX_BYTES: 'largest source analyze_code takes, inline or stored',
  LFC_CODE_ANALYSIS_TIMEOUT_MS: 'longest one analysis may run (its worker thread is ended after this)',
  LFC_CODE_ANALYSIS_MAX_HEAP_MB: 'memory (V8 heap) one analysis may use; a larger need fails with 413',
  LFC_TOOL_TIMEOUT_MS: 'deadline of one tool call when the caller sets none',
  LFC_TOOL_CACHE_TTL_SECONDS: 'how long results of cacheable tools are served from the cache',
  LFC_TOOL_CACHE_MAX_BYTES: 'results larger than this (as JSON) are not cached',
} as const satisfies Partial<Record<keyof ToolExecutorConfig, string>>;

type Setting = keyof typeof SETTING_MEANINGS;

/** The executor settings that bound each tool, shown with their values in a default installation. */
const TOOL_SETTINGS: Readonly<Record<string, readonly Setting[]>> = {
  analyze_code: [
    'LFC_ANALYZE_MAX_BYTES',
    'LFC_CODE_ANALYSIS_TIMEOUT_MS',
    'LFC_CODE_ANALYSIS_MAX_HEAP_MB',
    'LFC_FILE_INLINE_MAX_BYTES',
  ],
  append_file: [
    'LFC_FILE_INLINE_MAX_BYTES',
    'LFC_FILE_UPLOAD_MAX_BYTES',
    'LFC_TENANT_QUOTA_BYTES',
    'LFC_FILE_CONTENT_TYPES',
  ],
  presign_upload: ['LFC_FILE_UPLOAD_MAX_BYTES', 'LFC_TENANT_QUOTA_BYTES', 'LFC_FILE_CONTENT_TYPES'],
  read_file: ['LFC_FILE_INLINE_MAX_BYTES'],
  stream_files: ['LFC_FILE_INLINE_MAX_BYTES'],
  write_file: ['LFC_FILE_INLINE_MAX_BYTES', 'LFC_TENANT_QUOTA_BYTES', 'LFC_FILE_CONTENT_TYPES'],
};

const MIB = 1024 * 1024;

function settingValue(config: ToolExecutorConfig, setting: Setting): string {
  switch (setting) {
    case 'LFC_TOOL_CACHE_TTL_SECONDS':
      return `${config.LFC_TOOL_CACHE_TTL_SECONDS.defaultSeconds} s`;
    case 'LFC_FILE_CONTENT_TYPES':
      return config.LFC_FILE_CONTENT_TYPES.map((type) => `\`${type}\``).join(', ');
    case 'LFC_TOOL_TIMEOUT_MS':
    case 'LFC_CODE_ANALYSIS_TIMEOUT_MS':
      return `${config[setting]} ms`;
    case 'LFC_CODE_ANALYSIS_MAX_HEAP_MB':
      return `${config[setting]} MiB`;
    default: {
      const bytes = config[setting];
      return `${bytes} bytes (${bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes / 1024} KiB`})`;
    }
  }
}

const settingLine = (config: ToolExecutorConfig, setting: Setting): string =>
  `- \`${setting}\` = ${settingValue(config, setting)}: ${SETTING_MEANINGS[setting]}`;

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

const ANNOTATION_NAMES = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

function confirmationNote(tool: DocumentedTool): string | undefined {
  switch (tool.confirmation) {
    case undefined:
      return undefined;
    case 'destructive_calls':
      return (
        'Asks the person first when the calling key has `confirmDestructiveCalls` and this call would ' +
        'destroy a stored file (see docs/protocol.md, "Confirming calls").'
      );
    case 'budget_overruns':
      return (
        'Asks the person first when this usage would take a budget with `confirmOverrun` past its ' +
        'monthly limit (see docs/protocol.md, "Confirming calls").'
      );
  }
}

function fieldTable(schema: Record<string, unknown>, withRequired: boolean): string[] {
  const rows = fieldRows(schema);
  if (rows.length === 0) return [withRequired ? 'None: call it with `{}`.' : 'No fields.'];
  const header = withRequired
    ? ['| argument | type | required | default | limits | description |', '| --- | --- | --- | --- | --- | --- |']
    : ['| field | type | always present | description |', '| --- | --- | --- | --- |'];
  return [
    ...header,
    ...rows.map((row) =>
      withRequired
        ? `| \`${row.name}\` | ${cell(row.type)} | ${yesNo(row.required)} | ${row.defaultValue === undefined ? '' : `\`${cell(row.defaultValue)}\``} | ${cell(row.limits)} | ${cell(row.description)} |`
        : `| \`${row.name}\` | ${cell(row.type)} | ${yesNo(row.required)} | ${cell(row.description)} |`,
    ),
  ];
}

function toolSection(tool: DocumentedTool, config: ToolExecutorConfig): string[] {
  const { descriptor } = tool;
  const example = EXAMPLE_ARGUMENTS[descriptor.name];
  if (!example) {
    throw new Error(`${descriptor.name} has no example call: add its arguments to EXAMPLE_ARGUMENTS in ${__filename}`);
  }
  const hints = ANNOTATION_NAMES.map((name) => `\`${name}\`: ${String(descriptor.annotations[name])}`).join(', ');
  const aliases = Object.entries(tool.deprecatedArguments);
  const settings = TOOL_SETTINGS[descriptor.name] ?? [];
  const confirmation = confirmationNote(tool);
  const call = {
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: descriptor.name, arguments: example },
  };
  return [
    `### \`${descriptor.name}\``,
    '',
    `**${descriptor.title ?? descriptor.name}.** ${descriptor.description}`,
    '',
    `Annotations: ${hints}. Cached: ${
      tool.cacheable
        ? `yes, for ${settingValue(config, 'LFC_TOOL_CACHE_TTL_SECONDS')} (\`LFC_TOOL_CACHE_TTL_SECONDS\`), until a write changes what it read`
        : 'no'
    }.`,
    ...(confirmation ? ['', confirmation] : []),
    '',
    '**Arguments**',
    '',
    ...fieldTable(descriptor.inputSchema, true),
    ...(aliases.length > 0
      ? [
          '',
          `Deprecated names still accepted: ${aliases.map(([alias, current]) => `\`${alias}\` for \`${current}\``).join(', ')} (the result's \`_meta\` says so).`,
        ]
      : []),
    '',
    '**Result** (`structuredContent`)',
    '',
    ...(descriptor.outputSchema
      ? fieldTable(descriptor.outputSchema, false)
      : ['Text only (`content`), no structured result.']),
    ...(settings.length > 0 ? ['', '**Limits**', '', ...settings.map((setting) => settingLine(config, setting))] : []),
    '',
    '**Example**',
    '',
    '```json',
    JSON.stringify(call, null, 2),
    '```',
    '',
    '<details><summary>JSON Schemas as served in <code>tools/list</code></summary>',
    '',
    '```json',
    JSON.stringify(
      {
        inputSchema: descriptor.inputSchema,
        ...(descriptor.outputSchema ? { outputSchema: descriptor.outputSchema } : {}),
      },
      null,
      2,
    ),
    '```',
    '',
    '</details>',
    '',
  ];
}

export function renderToolReference({ tools, config }: DocumentedCatalog): string {
  const general: Setting[] = ['LFC_TOOL_TIMEOUT_MS', 'LFC_TOOL_CACHE_TTL_SECONDS', 'LFC_TOOL_CACHE_MAX_BYTES'];
  return [
    '# Tool reference',
    '',
    '<!-- Generated by `npm run docs:generate` from the tool definitions in apps/tool-executor; do not edit by hand. -->',
    '',
    `Every tool the tool executor serves, ${tools.length} in all, in catalog order, as a default installation`,
    'describes them (sizes and limits below are the defaults; the settings named change them). A key sees the',
    "tools its scopes allow. Call a tool with MCP's `tools/call` (below) or with the HTTP facade:",
    '',
    '```bash',
    "curl -s http://127.0.0.1:8000/api/v1/tools/call -H 'x-api-key: lfc_…' \\",
    `  -H 'content-type: application/json' -d '{"name":"ping","arguments":{"message":"hello"}}'`,
    '```',
    '',
    'Arguments are checked against the input schema before the tool runs: an unknown argument, a wrong type or a',
    'value out of bounds comes back as a tool error (`isError: true`) naming the field, not as a protocol error.',
    "Annotations are MCP's hints: `readOnlyHint` (changes nothing), `destructiveHint` (may replace or delete",
    'data), `idempotentHint` (repeating the call has no further effect), `openWorldHint` (reaches outside this',
    'suite). Errors are listed in [errors.md](errors.md).',
    '',
    '## Summary',
    '',
    '| tool | title | read-only | destructive | idempotent | cached | may ask the person |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...tools.map(
      (tool) =>
        `| [\`${tool.descriptor.name}\`](#${tool.descriptor.name}) | ${cell(tool.descriptor.title ?? '')} | ${yesNo(tool.descriptor.annotations.readOnlyHint)} | ${yesNo(tool.descriptor.annotations.destructiveHint)} | ${yesNo(tool.descriptor.annotations.idempotentHint)} | ${yesNo(tool.cacheable)} | ${yesNo(tool.confirmation !== undefined)} |`,
    ),
    '',
    '## Limits of every call',
    '',
    ...general.map((setting) => settingLine(config, setting)),
    '',
    '## Tools',
    '',
    ...tools.flatMap((tool) => toolSection(tool, config)),
  ].join('\n');
}
