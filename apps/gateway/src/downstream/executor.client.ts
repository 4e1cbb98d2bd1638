import { RequestContext } from '@lfc/common';
import {
  CallerContext,
  TOOLS_CALL_PATH,
  TOOLS_CATALOG_PATH,
  ToolCallRequest,
  ToolCallResult,
  ToolCallResultSchema,
  ToolCatalog,
  ToolCatalogSchema,
} from '@lfc/contracts';
import { CallerClaimIssuer, InternalHttpClient } from '@lfc/internal-http';

/** One progress report of a running tool, as the executor streams it. */
export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

export class ExecutorClient {
  constructor(
    private readonly http: InternalHttpClient,
    private readonly claims: CallerClaimIssuer,
  ) {}

  catalog(): Promise<ToolCatalog> {
    return this.http.call({ method: 'GET', path: TOOLS_CATALOG_PATH, response: ToolCatalogSchema, idempotent: true });
  }

  /**
   * Forwards a call for `caller`, who travels in a claim the gateway signs (the executor forwards it
   * unchanged to the services it calls for them); the context's deadline bounds how long it may take.
   */
  async callTool(
    name: string,
    args: Record<string, unknown>,
    caller: CallerContext,
    context: RequestContext & { deadline: number },
    options: {
      onProgress?: (progress: ToolProgress) => void;
      signal?: AbortSignal;
      /** The person confirmed this very call. */
      confirmed?: boolean;
    } = {},
  ): Promise<ToolCallResult> {
    const { onProgress, signal, confirmed = false } = options;
    const body: ToolCallRequest = { name, arguments: args, confirmed };
    return this.http.call({
      method: 'POST',
      path: TOOLS_CALL_PATH,
      body,
      callerClaim: await this.claims.claimFor(caller, context.deadline),
      response: ToolCallResultSchema,
      context,
      timeoutMs: context.deadline - Date.now(),
      ...(onProgress ? { onEvent: (event: unknown) => onProgress(event as ToolProgress) } : {}),
      ...(signal ? { signal } : {}),
    });
  }
}
