import { connectionType, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ApiKeyStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ApiKeyStatus, {
  name: 'ApiKeyStatus',
  description: 'ACTIVE keys authenticate; REVOKED and EXPIRED ones fail on the next request.',
  valuesConfig: {
    ACTIVE: { description: 'Authenticates requests.' },
    REVOKED: { description: 'Revoked by an administrator; refused from the next request on.' },
    EXPIRED: { description: 'Past its `expiresAt`; refused.' },
  },
});

@ObjectType('ApiKey', {
  description:
    'A partner credential for the `x-api-key` header. Acts for the tenant with its scopes, not as a person. The secret is shown once, at creation.',
})
export class ApiKey {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'What the key is for, e.g. "Payroll export (Acme Payroll Ltd)".' })
  name!: string;

  @Field(() => String, {
    description: 'Visible part of the key (`wgk_<prefix>_…`), to recognise it in logs and listings.',
  })
  prefix!: string;

  @Field(() => [String], { description: 'Scopes: `resource:action:scope` permissions the key carries.' })
  permissions!: string[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it stops working; null = never.' })
  expiresAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked; null = not revoked.' })
  revokedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Last successful authentication (to the minute).',
  })
  lastUsedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The user who created it.' })
  createdBy!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt!: Date;

  tenantId!: string;
}

@ObjectType('CreatedApiKey', { description: 'A new API key and its secret, which is never shown again.' })
export class CreatedApiKey {
  @Field(() => ApiKey, { description: 'The key as it will be listed.' })
  apiKey!: ApiKey;

  @Field(() => String, {
    description:
      'The whole key, `wgk_<prefix>_<secret>`: send it as `x-api-key`. Store it now; only its SHA-256 is kept.',
  })
  secret!: string;
}

@Directive('@inaccessible')
@ObjectType('ApiKeyIdentity', {
  description:
    'The tenant and scopes an API key acts with, for the gateway’s authentication (system callers only).',
})
export class ApiKeyIdentity {
  @Field(() => ID, { description: 'The tenant the key belongs to.' })
  tenantId!: string;

  @Field(() => ID, { description: 'The key’s id (for access logs and cache invalidation).' })
  apiKeyId!: string;

  @Field(() => String, { description: 'The key’s name.' })
  name!: string;

  @Field(() => [String], {
    description:
      'Permission strings (`resource:action:scope`): the key’s scopes; use them as Identity.permissions.',
  })
  permissions!: string[];

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the key stops working; null = never. Do not cache an entry past this.',
  })
  expiresAt!: Date | null;
}

export const ApiKeyConnection = connectionType(ApiKey, 'ApiKey');
