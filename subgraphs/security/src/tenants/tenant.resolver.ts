import { Arg, Ctx, Field, InputType, Mutation, Query, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { tenantService } from './tenant.service';
import { Tenant } from './tenant.type';

@InputType('CreateTenantInput', { description: 'A new tenant and the email of its first admin.' })
export class CreateTenantInput {
  @Field(() => String, { description: 'URL-safe short name, unique across the platform (e.g. "acme").' })
  slug!: string;

  @Field(() => String, { description: 'Display name of the organisation.' })
  name!: string;

  @Field(() => String, { description: 'Email of the first admin; they get an invitation link.' })
  adminEmail!: string;

  @Field(() => String, { description: 'Name of the first admin.' })
  adminDisplayName!: string;
}

@Resolver(() => Tenant)
export class TenantResolver {
  @Query(() => Tenant, {
    nullable: true,
    description: 'The caller’s own tenant. UNAUTHENTICATED for anonymous callers.',
  })
  tenant(@Ctx() ctx: SecurityContext): Promise<Tenant | null> {
    return tenantService.current(ctx);
  }

  @Mutation(() => Tenant, {
    description:
      'Creates a tenant and invites its first admin (mailed activation link). Platform super-admins only (`tenant:create:all`).',
  })
  createTenant(
    @Ctx() ctx: SecurityContext,
    @Arg('input', () => CreateTenantInput, { description: 'Slug, name, first admin.' })
    input: CreateTenantInput,
  ): Promise<Tenant> {
    return tenantService.createWithAdmin(ctx, input);
  }
}
