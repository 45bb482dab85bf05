import { DateTimeScalar } from '@wg/runtime';
import { Field, InputType } from 'type-graphql';

@InputType('CreateApiKeyInput', { description: 'A new API key for the caller’s tenant.' })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'What the key is for (1–200 characters).' })
  name!: string;

  @Field(() => [String], {
    description:
      'Scopes, `resource:action:scope` (e.g. `employee:read:all`). You can only grant what you hold yourself.',
  })
  permissions!: string[];

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the key stops working (in the future, at most 2 years ahead); null = never.',
  })
  expiresAt?: Date | null;
}
