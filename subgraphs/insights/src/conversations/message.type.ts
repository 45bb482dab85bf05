import { messageRoles } from '@wg/db/insights';
import { connectionType, DateTimeScalar } from '@wg/runtime';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export const MessageRole = Object.fromEntries(messageRoles.map((r) => [r, r])) as {
  [R in (typeof messageRoles)[number]]: R;
};
export type MessageRole = (typeof messageRoles)[number];
registerEnumType(MessageRole, {
  name: 'MessageRole',
  description: 'Who wrote a message: the user, the assistant, or the system (instructions).',
  valuesConfig: {
    USER: { description: 'Written by the person in the conversation.' },
    ASSISTANT: { description: 'Written by the assistant in reply.' },
    SYSTEM: { description: 'Instructions that frame the conversation.' },
  },
});

@ObjectType('Message', { description: 'One message of a conversation with the assistant.' })
export class Message {
  @Field(() => ID, { description: 'Message id (UUIDv7: sorts in the order messages were written).' })
  id!: string;

  @Field(() => MessageRole, { description: 'Who wrote the message.' })
  role!: MessageRole;

  @Field(() => String, { description: 'The message text.' })
  content!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Tokens the assistant read to write this reply (approximate for the local assistant).',
  })
  promptTokens!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Tokens in this reply (approximate for the local assistant); null on user messages.',
  })
  completionTokens!: number | null;

  @Field(() => DateTimeScalar, { description: 'When the message was written.' })
  createdAt!: Date;

  tenantId!: string;
  conversationId!: string;
}

export const MessageConnection = connectionType(Message, 'Message');

@ObjectType('SendMessagePayload', {
  description:
    'The stored question. The reply streams through `conversationReply(conversationId)` and is stored as ' +
    'message `replyId` when it is done.',
})
export class SendMessagePayload {
  @Field(() => Message, { description: 'The caller’s message, as stored.' })
  message!: Message;

  @Field(() => ID, {
    description:
      'Id the assistant’s reply will have: its `conversationReply` events carry it as `messageId`.',
  })
  replyId!: string;
}
