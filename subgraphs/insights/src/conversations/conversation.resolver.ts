import type { Connection } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { InsightsContext } from '../loaders';
import { StartConversationInput } from './conversation.input';
import { conversationService } from './conversation.service';
import { Conversation, ConversationConnection } from './conversation.type';
import { type Message, MessageConnection, SendMessagePayload } from './message.type';

@Resolver(() => Conversation)
export class ConversationResolver {
  @Query(() => ConversationConnection, {
    description: 'The caller’s own conversations with the assistant, newest first, Relay-paginated.',
  })
  conversations(
    @Ctx() ctx: InsightsContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0–100 (default 20).' }) first:
      | number
      | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from a previous page.' }) after:
      | string
      | null,
  ): Promise<Connection<Conversation>> {
    return conversationService.list(ctx, { first, after });
  }

  @Query(() => Conversation, {
    nullable: true,
    description: 'One of the caller’s conversations; null when it does not exist or is someone else’s.',
  })
  conversation(
    @Ctx() ctx: InsightsContext,
    @Arg('id', () => ID, { description: 'Conversation id.' }) id: string,
  ): Promise<Conversation | null> {
    return conversationService.get(ctx, id);
  }

  @Mutation(() => Conversation, {
    description: 'Start a conversation with the assistant. Requires `conversation:create`.',
  })
  startConversation(
    @Ctx() ctx: InsightsContext,
    @Arg('input', () => StartConversationInput, { nullable: true, description: 'Optional title.' })
    input: StartConversationInput | null,
  ): Promise<Conversation> {
    return conversationService.start(ctx, input);
  }

  @Mutation(() => SendMessagePayload, {
    description:
      'Ask the assistant something in one of your conversations; returns your message and its reply. ' +
      'Answers come from your company’s live figures, within your permissions. Requires `conversation:update`.',
  })
  sendMessage(
    @Ctx() ctx: InsightsContext,
    @Arg('conversationId', () => ID, { description: 'One of your conversations.' }) conversationId: string,
    @Arg('content', () => String, { description: 'The question, 1–4000 characters.' }) content: string,
  ): Promise<SendMessagePayload> {
    return conversationService.send(ctx, { conversationId, content });
  }

  @FieldResolver(() => MessageConnection, {
    description: 'Messages in the order they were written, Relay-paginated. Batched across conversations.',
  })
  messages(
    @Root() conversation: Conversation,
    @Ctx() ctx: InsightsContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0–100 (default 20).' }) first:
      | number
      | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from a previous page.' }) after:
      | string
      | null,
  ): Promise<Connection<Message>> {
    return conversationService.messages(ctx, conversation, { first, after });
  }
}
