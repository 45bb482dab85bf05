import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { suggestedPromptsFor } from '../assistant/prompts';
import type { InsightsContext } from '../loaders';
import { ConversationFilter, StartConversationInput } from './conversation.input';
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
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ConversationFilter, {
      nullable: true,
      description: 'Search text and archived/open; all conversations when omitted.',
    })
    filter: ConversationFilter | null,
  ): Promise<Connection<Conversation>> {
    return conversationService.list(ctx, { ...page, filter });
  }

  @Query(() => [String], {
    description:
      'Questions to offer the caller as starting points: chosen for their role, and only ones the assistant ' +
      'will answer with figures they may see. Requires `conversation:read`.',
  })
  suggestedPrompts(@Ctx() ctx: InsightsContext): string[] {
    ctx.authorize('conversation:read');
    return suggestedPromptsFor(ctx);
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
      'Ask the assistant something in one of your conversations. Returns your stored message at once; the ' +
      'reply streams through `conversationReply(conversationId)` (subscribe first) and is then stored. ' +
      'Answers come from your company’s live figures, within your permissions. CONFLICT while the previous ' +
      'reply is still being written or when the conversation is archived. Requires `conversation:update`.',
  })
  sendMessage(
    @Ctx() ctx: InsightsContext,
    @Arg('conversationId', () => ID, { description: 'One of your conversations.' }) conversationId: string,
    @Arg('content', () => String, { description: 'The question, 1–4000 characters.' }) content: string,
  ): Promise<SendMessagePayload> {
    return conversationService.send(ctx, { conversationId, content });
  }

  @Mutation(() => Conversation, {
    description:
      'Archive one of your conversations (it stays readable; no new messages). Requires `conversation:update`.',
  })
  archiveConversation(
    @Ctx() ctx: InsightsContext,
    @Arg('id', () => ID, { description: 'One of your open conversations.' }) id: string,
  ): Promise<Conversation> {
    return conversationService.setArchived(ctx, id, true);
  }

  @Mutation(() => Conversation, {
    description: 'Reopen one of your archived conversations. Requires `conversation:update`.',
  })
  reopenConversation(
    @Ctx() ctx: InsightsContext,
    @Arg('id', () => ID, { description: 'One of your archived conversations.' }) id: string,
  ): Promise<Conversation> {
    return conversationService.setArchived(ctx, id, false);
  }

  @Mutation(() => Conversation, {
    description:
      'Write a short summary of one of your conversations and store it as `summary`. Requires `conversation:update`.',
  })
  summarizeConversation(
    @Ctx() ctx: InsightsContext,
    @Arg('id', () => ID, { description: 'One of your conversations.' }) id: string,
  ): Promise<Conversation> {
    return conversationService.summarize(ctx, id);
  }

  @FieldResolver(() => MessageConnection, {
    description: 'Messages in the order they were written, Relay-paginated. Batched across conversations.',
  })
  messages(
    @Root() conversation: Conversation,
    @Ctx() ctx: InsightsContext,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<Message>> {
    return conversationService.messages(ctx, conversation, page);
  }
}
