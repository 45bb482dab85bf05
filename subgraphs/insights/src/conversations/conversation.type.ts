import { connectionType, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType('Conversation', {
  description: 'A chat with the analytics assistant. Private to the user who started it.',
})
export class Conversation {
  @Field(() => ID, { description: 'Conversation id.' })
  id!: string;

  @Field(() => String, { description: 'Title shown in conversation lists.' })
  title!: string;

  @Field(() => DateTimeScalar, { description: 'When the conversation was started.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the conversation was archived; null while it is open.',
  })
  archivedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Short summary written by `summarizeConversation`; null until it is first summarised.',
  })
  summary!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When `summary` was written.' })
  summarizedAt!: Date | null;

  tenantId!: string;
  /** The owner; never exposed (a conversation is only ever shown to them). */
  userId!: string;
  updatedAt!: Date;
}

export const ConversationConnection = connectionType(Conversation, 'Conversation');
