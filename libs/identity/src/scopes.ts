import { SetMetadata } from '@nestjs/common';
import type { ManagementScope } from '@lfc/contracts';
import type { Principal } from './principal';

export const REQUIRED_SCOPE_KEY = 'lfc:required-scope';

/**
 * The management scope an API key needs for a route (roles still apply on top). People signed in
 * with a token are governed by their role alone; a key made for tool calls (`*`) holds none.
 */
export const RequiresScope = (scope: ManagementScope) => SetMetadata(REQUIRED_SCOPE_KEY, scope);

/** Whether a principal may use a route needing `scope`: a token by its role (checked apart), a key only by holding it. */
export function holdsScope(principal: Principal, scope: ManagementScope): boolean {
  return principal.via === 'jwt' || principal.scopes.includes(scope);
}
