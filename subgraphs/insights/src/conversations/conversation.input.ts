import { Field, InputType } from 'type-graphql';

@InputType('StartConversationInput', { description: 'A new conversation with the assistant.' })
export class StartConversationInput {
  @Field(() => String, {
    nullable: true,
    description: 'At most 200 characters; "New conversation" when omitted or blank.',
  })
  title?: string | null;
}
