import {
  AuthAuditPage,
  AuthAuditPageSchema,
  AuthChainVerification,
  AuthChainVerificationSchema,
  BudgetScope,
  BudgetStatus,
  BudgetStatusSchema,
  CreateUserInput,
  ModelPrice,
  ModelPriceInput,
  ModelPriceSchema,
  ListModelPricesResponseSchema,
  RequestAuditPage,
  RequestAuditPageSchema,
  RequestAuditWriter,
  RequestAuditWritersSchema,
  RequestChainVerification,
  RequestChainVerificationSchema,
  SystemHealth,
  SystemHealthSchema,
  UpdateBudgetRequest,
  UpdateUserInput,
  UserView,
  UserViewSchema,
} from '@lfc/contracts';
import { mapAtMost } from './at-most';
import { ApiError } from './errors';
import { apiJson, apiVoid } from './http';
import { withQuery } from './query';
import { callTool } from './tools';

/** The admin pages' calls: users, prices, budgets, the two audit trails and system health. */

const AUTH = '/api/v1/auth';
const COST = '/api/v1/cost';
const AUDIT = '/api/v1/audit';

// ---- users --------------------------------------------------------------------------------------

export function createUser(input: CreateUserInput): Promise<UserView> {
  return apiJson(`${AUTH}/users`, UserViewSchema, { method: 'POST', body: input });
}

export function updateUser(id: string, changes: UpdateUserInput): Promise<UserView> {
  return apiJson(`${AUTH}/users/${encodeURIComponent(id)}`, UserViewSchema, { method: 'PATCH', body: changes });
}

// ---- prices -------------------------------------------------------------------------------------

export async function listPrices(history: boolean, signal?: AbortSignal): Promise<ModelPrice[]> {
  const path = withQuery(`${COST}/prices`, { history: history ? 'true' : undefined });
  return (await apiJson(path, ListModelPricesResponseSchema, { signal })).prices;
}

/** Sets a model's price; without `effectiveFrom` it holds from today (UTC) on. */
export function setPrice(price: ModelPriceInput): Promise<ModelPrice> {
  return apiJson(`${COST}/prices`, ModelPriceSchema, { method: 'PUT', body: price });
}

// ---- budgets ------------------------------------------------------------------------------------

const budgetPath = (scope: BudgetScope, subjectId: string): string =>
  `${COST}/budgets/${scope}/${encodeURIComponent(subjectId)}`;

export interface BudgetSettings extends UpdateBudgetRequest {
  monthlyLimitUsd: string;
}

export function setBudget(scope: BudgetScope, subjectId: string, settings: BudgetSettings): Promise<BudgetStatus> {
  return apiJson(budgetPath(scope, subjectId), BudgetStatusSchema, { method: 'PUT', body: settings });
}

export function removeBudget(scope: BudgetScope, subjectId: string): Promise<void> {
  return apiVoid(budgetPath(scope, subjectId), { method: 'DELETE' });
}

// ---- audit --------------------------------------------------------------------------------------

/** Filters both trails take; the request trail adds `status`, auth's adds `resource`. */
export interface AuditFilter {
  keyId?: string;
  userId?: string;
  action?: string;
  status?: string;
  resource?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

export function requestAudit(filter: AuditFilter, cursor?: string, signal?: AbortSignal): Promise<RequestAuditPage> {
  const { resource: _ignored, ...rest } = filter;
  const path = withQuery(AUDIT, { ...rest, cursor, limit: AUDIT_PAGE_SIZE });
  return apiJson(path, RequestAuditPageSchema, { signal });
}

export function requestAuditExportPath(filter: AuditFilter): string {
  const { resource: _ignored, ...rest } = filter;
  return withQuery(`${AUDIT}/export.csv`, { ...rest });
}

/** Walks one gateway replica's chain (each writer keeps its own). */
export function verifyRequestAudit(writerId: string): Promise<RequestChainVerification> {
  return apiJson(withQuery(`${AUDIT}/verify`, { writerId }), RequestChainVerificationSchema);
}

/** Every gateway replica that wrote records still kept, ordered by id, with the stretch of its chain. */
export async function requestAuditWriters(): Promise<RequestAuditWriter[]> {
  return (await apiJson(`${AUDIT}/writers`, RequestAuditWritersSchema)).writers;
}

export interface WriterVerification {
  writer: RequestAuditWriter;
  result: RequestChainVerification;
}

/** Each walk reads a whole chain, 1,000 records a query: a few at a time leave the gateway's pool to its other work. */
const CHAINS_AT_ONCE = 3;

/**
 * Every writer's chain, from the list of writers the gateway keeps rather than from the records a
 * page happened to show, so no replica's chain is left out. `onProgress` hears of each one walked.
 */
export async function verifyEveryRequestChain(
  onProgress?: (walked: number, writers: number) => void,
): Promise<WriterVerification[]> {
  const writers = await requestAuditWriters();
  let walked = 0;
  onProgress?.(walked, writers.length);
  return mapAtMost(writers, CHAINS_AT_ONCE, async (writer) => {
    const result = await verifyRequestAudit(writer.writerId);
    walked += 1;
    onProgress?.(walked, writers.length);
    return { writer, result };
  });
}

export function authAudit(filter: AuditFilter, cursor?: string, signal?: AbortSignal): Promise<AuthAuditPage> {
  const { status: _ignored, ...rest } = filter;
  const path = withQuery(`${AUTH}/audit`, { ...rest, cursor, limit: AUDIT_PAGE_SIZE });
  return apiJson(path, AuthAuditPageSchema, { signal });
}

export function authAuditExportPath(filter: AuditFilter): string {
  const { status: _ignored, ...rest } = filter;
  return withQuery(`${AUTH}/audit/export.csv`, { ...rest });
}

export function verifyAuthAudit(): Promise<AuthChainVerification> {
  return apiJson(`${AUTH}/audit/verify`, AuthChainVerificationSchema);
}

// ---- health -------------------------------------------------------------------------------------

/** Every service and dependency, checked live by the `get_system_health` tool. */
export async function systemHealth(): Promise<SystemHealth> {
  const { result } = await callTool('get_system_health', {});
  const parsed = SystemHealthSchema.safeParse(result.structuredContent);
  if (result.isError || !parsed.success) {
    const text = result.content.find((block) => block.type === 'text');
    const message = typeof text?.text === 'string' ? text.text : 'The health check gave no answer it could read';
    throw new ApiError(502, 'health_unreadable', message);
  }
  return parsed.data;
}
