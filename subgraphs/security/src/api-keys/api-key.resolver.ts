import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { CreateApiKeyInput } from './api-key.input';
import { apiKeyService } from './api-key.service';
import { ApiKey, ApiKeyConnection, ApiKeyIdentity, ApiKeyStatus, CreatedApiKey } from './api-key.type';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, {
    description:
      'The tenant’s API keys, newest first, revoked ones included, Relay-paginated. Needs `api_key:read`.',
  })
  apiKeys(@Ctx() ctx: SecurityContext, @Args(() => PageArgs) page: PageArgs): Promise<Connection<ApiKey>> {
    return apiKeyService.list(ctx, page);
  }

  @Mutation(() => CreatedApiKey, {
    description:
      'Creates an API key; the response is the only time its secret is shown. Needs `api_key:create`.',
  })
  createApiKey(
    @Ctx() ctx: SecurityContext,
    @Arg('input', () => CreateApiKeyInput, { description: 'Name, scopes, optional expiry.' })
    input: CreateApiKeyInput,
  ): Promise<CreatedApiKey> {
    return apiKeyService.create(ctx, input);
  }

  @Mutation(() => ApiKey, {
    description:
      'Revokes an API key: the next request with it fails. CONFLICT if already revoked. Needs `api_key:revoke`.',
  })
  revokeApiKey(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'API key id.' }) id: string,
  ): Promise<ApiKey> {
    return apiKeyService.revoke(ctx, id);
  }

  @Directive('@inaccessible')
  @Query(() => ApiKeyIdentity, {
    nullable: true,
    description:
      'Gateway only (system identity): looks up an `x-api-key` secret. Null for unknown, malformed, revoked or expired keys.',
  })
  apiKeyIdentity(
    @Ctx() ctx: SecurityContext,
    @Arg('secret', () => String, { description: 'The whole key as the client sent it.' }) secret: string,
  ): Promise<ApiKeyIdentity | null> {
    return apiKeyService.identify(ctx, secret);
  }

  @FieldResolver(() => ApiKeyStatus, { description: 'ACTIVE, REVOKED or EXPIRED, as of now.' })
  status(@Root() key: ApiKey): ApiKeyStatus {
    if (key.revokedAt) return ApiKeyStatus.REVOKED;
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) return ApiKeyStatus.EXPIRED;
    return ApiKeyStatus.ACTIVE;
  }
}
