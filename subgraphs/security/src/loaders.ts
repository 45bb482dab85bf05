import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { assignmentsByUser } from './roles/role.loader';
import { tenantById } from './tenants/tenant.loader';
import { userByEmployeeId, userById } from './users/user.loader';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(ctx: LoaderContext) {
  return {
    tenantById: tenantById(ctx),
    userById: userById(ctx),
    userByEmployeeId: userByEmployeeId(ctx),
    assignmentsByUser: assignmentsByUser(ctx),
  };
}

export type SecurityLoaders = ReturnType<typeof createLoaders>;
export type SecurityContext = SubgraphContext<SecurityLoaders>;
