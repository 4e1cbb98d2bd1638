import { z } from 'zod';

/** RFC 9728 protected-resource metadata, where the gateway's 401 challenges point clients. */
export const ProtectedResourceMetadataSchema = z.object({
  resource: z.string().describe('the MCP endpoint these credentials are for'),
  resource_name: z.string(),
  bearer_methods_supported: z.array(z.literal('header')),
  resource_documentation: z.string(),
  authorization_servers: z
    .array(z.string())
    .describe('empty: API keys travel in X-API-Key or as a bearer token; access tokens come from /api/v1/auth/login'),
});
export type ProtectedResourceMetadata = z.infer<typeof ProtectedResourceMetadataSchema>;
