import { DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType('Tenant', {
  description: 'A customer organisation. Every record in the graph belongs to exactly one.',
})
export class Tenant {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'URL-safe short name, unique across the platform (e.g. "acme").' })
  slug!: string;

  @Field(() => String, { description: 'Display name of the organisation.' })
  name!: string;

  @Field(() => DateTimeScalar, { description: 'When the tenant was created.' })
  createdAt!: Date;
}
