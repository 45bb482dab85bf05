import { Field, InputType } from 'type-graphql';

@InputType('StartConversationInput', { description: 'A new conversation with the assistant.' })
export class StartConversationInput {
  @Field(() => String, {
    nullable: true,
    description: 'At most 200 characters; "New conversation" when omitted or blank.',
  })
  title?: string | null;
}

@InputType('ConversationFilter', { description: 'Narrows the caller’s conversation list.' })
export class ConversationFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive text in the title or in any message, at most 200 characters.',
  })
  search?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: archived only; false: open only; omitted: both.',
  })
  archived?: boolean | null;
}
