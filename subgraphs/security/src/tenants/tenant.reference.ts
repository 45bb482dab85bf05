import type { SecurityContext } from '../loaders';
import { tenantService } from './tenant.service';
import type { Tenant } from './tenant.type';

/** Federation entry point: `Tenant { id }` from other subgraphs, batched through the loader. */
export const resolveTenantReference = (ref: Pick<Tenant, 'id'>, ctx: SecurityContext) =>
  tenantService.get(ctx, ref.id);
