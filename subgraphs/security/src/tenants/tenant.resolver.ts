import { Ctx, Query, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { tenantService } from './tenant.service';
import { Tenant } from './tenant.type';

@Resolver(() => Tenant)
export class TenantResolver {
  @Query(() => Tenant, {
    nullable: true,
    description: 'The caller’s own tenant. UNAUTHENTICATED for anonymous callers.',
  })
  tenant(@Ctx() ctx: SecurityContext): Promise<Tenant | null> {
    return tenantService.current(ctx);
  }
}
