import { RequestContext } from '@lfc/common';
import {
  CallerContext,
  TOOLS_CALL_PATH,
  TOOLS_CATALOG_PATH,
  ToolCallResult,
  ToolCallResultSchema,
  ToolCatalog,
  ToolCatalogSchema,
} from '@lfc/contracts';
import { InternalHttpClient } from '@lfc/internal-http';

/** One progress report of a running tool, as the executor streams it. */
export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

export class ExecutorClient {
  constructor(private readonly http: InternalHttpClient) {}

  catalog(): Promise<ToolCatalog> {
    return this.http.call({ method: 'GET', path: TOOLS_CATALOG_PATH, response: ToolCatalogSchema, idempotent: true });
  }

  /** Forwards a call; the context's deadline bounds how long the executor may take. */
  callTool(
    name: string,
    args: Record<string, unknown>,
    caller: CallerContext,
    context: RequestContext & { deadline: number },
    onProgress?: (progress: ToolProgress) => void,
    signal?: AbortSignal,
  ): Promise<ToolCallResult> {
    return this.http.call({
      method: 'POST',
      path: TOOLS_CALL_PATH,
      body: { name, arguments: args, caller },
      response: ToolCallResultSchema,
      context,
      timeoutMs: context.deadline - Date.now(),
      ...(onProgress ? { onEvent: (event: unknown) => onProgress(event as ToolProgress) } : {}),
      ...(signal ? { signal } : {}),
    });
  }
}
