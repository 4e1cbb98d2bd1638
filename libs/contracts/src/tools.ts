import { z } from 'zod';
import { ToolNameSchema } from './scopes';

/** Internal API of tool-executor, used by the gateway. */
export const TOOLS_CATALOG_PATH = '/internal/v1/tools';
export const TOOLS_CALL_PATH = '/internal/v1/tools/call';
/** Channel the executor publishes its catalog version on when it changes. */
export const CATALOG_CHANGED_CHANNEL = 'tools:catalog:changed';

const JsonObjectSchema = z.record(z.string(), z.unknown());

export const ToolAnnotationsSchema = z.object({
  title: z.string().optional(),
  readOnlyHint: z.boolean(),
  destructiveHint: z.boolean(),
  idempotentHint: z.boolean(),
  openWorldHint: z.boolean(),
});

export const ToolDescriptorSchema = z.object({
  name: z.string().min(1),
  title: z.string().optional(),
  description: z.string(),
  inputSchema: JsonObjectSchema,
  outputSchema: JsonObjectSchema.optional(),
  annotations: ToolAnnotationsSchema,
});
export type ToolDescriptor = z.infer<typeof ToolDescriptorSchema>;

/** What `tools/list` answers, on every surface. */
export const ToolListSchema = z.object({ tools: z.array(ToolDescriptorSchema) });

export const ToolCatalogSchema = z.object({
  /** Content hash of the tool list; changes exactly when the list changes. */
  version: z.string().min(1),
  tools: z.array(ToolDescriptorSchema),
});
export type ToolCatalog = z.infer<typeof ToolCatalogSchema>;

/** The caller travels in the gateway-signed caller claim, not here. */
export const ToolCallRequestSchema = z.object({
  name: ToolNameSchema,
  arguments: JsonObjectSchema.default({}),
  /** The person confirmed this very call (the gateway put the tool's question to them and they said yes). */
  confirmed: z.boolean().default(false),
});
export type ToolCallRequest = z.input<typeof ToolCallRequestSchema>;

/**
 * Whose policy holds a call for the person's confirmation, as `details.policy` of a
 * `confirmation_required`: the key's (`confirmDestructiveCalls`, before a call that destroys
 * something) or a budget's (`confirmOverrun`, before usage that takes it past its monthly limit).
 */
export const CONFIRMATION_POLICIES = ['destructive_calls', 'budget_overruns'] as const;
export const ConfirmationPolicySchema = z.enum(CONFIRMATION_POLICIES);
export type ConfirmationPolicy = z.infer<typeof ConfirmationPolicySchema>;

export const ContentBlockSchema = z.looseObject({ type: z.string() });

export const ToolCallResultSchema = z.object({
  content: z.array(ContentBlockSchema),
  structuredContent: JsonObjectSchema.optional(),
  isError: z.boolean(),
  /** MCP's result metadata (e.g. the deprecated arguments a call used), passed to the client as it is. */
  _meta: JsonObjectSchema.optional(),
});
export type ToolCallResult = z.infer<typeof ToolCallResultSchema>;
