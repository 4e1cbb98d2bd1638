import { ErrorResponseSchema } from '@lfc/contracts';

/** A refusal from one of the APIs, with the code and message of its error body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** Token troubles that a refresh can cure; any other 401 (a wrong password, say) is an answer to show. */
const SESSION_CODES = new Set(['missing_api_key', 'invalid_token', 'expired_token', 'revoked_token']);

export function isSessionProblem(error: ApiError): boolean {
  return error.status === 401 && SESSION_CODES.has(error.code);
}

export function needsFreshLogin(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'fresh_login_required';
}

/** The error body every service sends (`{ error: { code, message } }`), or the status when there is none. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status speaks for it.
  }
  const parsed = ErrorResponseSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details, requestId } = parsed.data.error;
    return new ApiError(response.status, code, message, details, requestId);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
  );
}

/** What to tell the person about a failure. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}
