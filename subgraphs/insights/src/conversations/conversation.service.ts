import { auditLog, conversations, messages, outbox } from '@wg/db/schema/insights';
import {
  appError,
  badInput,
  type Connection,
  conflict,
  emitEvent,
  notFound,
  type PageArgs,
  pageWindow,
  parseInput,
  recordAudit,
  rules,
  toConnection,
  z,
} from '@wg/runtime';
import { and, count, desc, eq, lt } from 'drizzle-orm';
import { type Assistant, type HistoryMessage, selectAssistant } from '../assistant/assistant';
import { type ConversationRepliedData, type ConversationStartedData, InsightsEventTypes } from '../events';
import type { InsightsContext } from '../loaders';
import type { StartConversationInput } from './conversation.input';
import type { Conversation } from './conversation.type';
import type { Message, SendMessagePayload } from './message.type';

export const DEFAULT_TITLE = 'New conversation';
/** How many earlier messages an assistant is shown (enough context, bounded prompt). */
const HISTORY_LIMIT = 20;

const startSchema = z.object({
  title: z.string().trim().max(200, 'Title must be at most 200 characters').nullish(),
});

const sendSchema = z.object({
  conversationId: rules.uuid(),
  content: z
    .string()
    .trim()
    .min(1, 'Message must not be empty')
    .max(4000, 'Message must be at most 4000 characters'),
});

const isId = (value: string) => z.uuid().safeParse(value).success;

/** Conversations are private to a user: a caller without one (an API key) cannot have any. */
function ownerOf(ctx: InsightsContext): string {
  const userId = ctx.identity.userId;
  if (!userId) throw appError('FORBIDDEN', 'Conversations belong to a signed-in user');
  return userId;
}

/** `after` cursors of conversation and message pages carry a UUID; anything else is malformed. */
function cursorId(after: string | null): string | null {
  if (after !== null && !isId(after)) throw badInput([{ field: 'after', message: 'Malformed cursor' }]);
  return after;
}

export const conversationService = {
  /** The caller's conversations, newest first, Relay-paginated. */
  async list(ctx: InsightsContext, args: PageArgs): Promise<Connection<Conversation>> {
    ctx.authorize('conversation:read');
    const userId = ownerOf(ctx);
    const { limit, after } = pageWindow(args);
    const afterId = cursorId(after);
    return ctx.tx(async (tx) => {
      const mine = eq(conversations.userId, userId);
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(conversations)
          .where(and(mine, afterId ? lt(conversations.id, afterId) : undefined))
          .orderBy(desc(conversations.id))
          .limit(limit + 1),
        tx.select({ n: count() }).from(conversations).where(mine),
      ]);
      return toConnection(rows, limit, total?.n ?? 0, afterId !== null, (c) => c.id);
    });
  },

  /** One of the caller's conversations; null for anyone else's (no hint that it exists). */
  async get(ctx: InsightsContext, id: string): Promise<Conversation | null> {
    ctx.authorize('conversation:read');
    const userId = ownerOf(ctx);
    if (!isId(id)) return null;
    const row = await ctx.loaders.conversationById.load(id);
    return row && row.userId === userId ? row : null;
  },

  /** `Conversation.messages`: oldest first, batched across conversations. */
  messages(ctx: InsightsContext, conversation: Conversation, args: PageArgs): Promise<Connection<Message>> {
    ctx.authorize('conversation:read');
    const page = pageWindow(args);
    return ctx.loaders.messagePagesByConversation(page.limit, cursorId(page.after)).load(conversation.id);
  },

  async start(ctx: InsightsContext, input: StartConversationInput | null): Promise<Conversation> {
    ctx.authorize('conversation:create');
    const userId = ownerOf(ctx);
    const data = parseInput(startSchema, input ?? {});
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [created] = await tx
        .insert(conversations)
        .values({ tenantId, userId, title: data.title || DEFAULT_TITLE })
        .returning();
      const row = created!;
      await emitEvent<ConversationStartedData>(tx, outbox, {
        tenantId,
        type: InsightsEventTypes.conversationStarted,
        aggregateType: 'Conversation',
        aggregateId: row.id,
        data: { id: row.id, userId, title: row.title },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: 'conversation.start',
          entityType: 'Conversation',
          entityId: row.id,
          after: row,
        },
      ]);
      return row;
    });
  },

  /**
   * Stores the caller's message and the assistant's reply. The assistant runs between two short
   * transactions rather than inside one: a model call can take seconds and must not hold a
   * connection. Both messages are written together afterwards, so a failed reply leaves nothing
   * behind and the question can simply be sent again.
   */
  async send(
    ctx: InsightsContext,
    args: { conversationId: string; content: string },
    assistant: Assistant = selectAssistant(),
  ): Promise<SendMessagePayload> {
    ctx.authorize('conversation:update');
    const userId = ownerOf(ctx);
    const data = parseInput(sendSchema, args, '');
    const tenantId = ctx.tenantId();
    const receivedAt = new Date();

    const { conversation, history } = await ctx.tx(async (tx) => {
      const [found] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, data.conversationId), eq(conversations.userId, userId)));
      if (!found) throw notFound('Conversation', data.conversationId);
      if (found.archivedAt) throw conflict('The conversation is archived');
      const recent = await tx
        .select({ role: messages.role, content: messages.content })
        .from(messages)
        .where(eq(messages.conversationId, found.id))
        .orderBy(desc(messages.id))
        .limit(HISTORY_LIMIT);
      return { conversation: found, history: recent.reverse() as HistoryMessage[] };
    });

    const { content, usage } = await assistant.reply(ctx, conversation, [
      ...history,
      { role: 'USER', content: data.content },
    ]);
    const repliedAt = new Date();

    return ctx.tx(async (tx) => {
      // Ids come from UUIDv7 in this order, so the question sorts before its answer.
      const rows = await tx
        .insert(messages)
        .values([
          {
            tenantId,
            conversationId: conversation.id,
            role: 'USER' as const,
            content: data.content,
            createdAt: receivedAt,
          },
          {
            tenantId,
            conversationId: conversation.id,
            role: 'ASSISTANT' as const,
            content,
            promptTokens: usage.promptTokens,
            completionTokens: usage.completionTokens,
            createdAt: repliedAt,
          },
        ])
        .returning();
      const message = rows.find((r) => r.role === 'USER')!;
      const reply = rows.find((r) => r.role === 'ASSISTANT')!;
      await tx
        .update(conversations)
        .set({ updatedAt: repliedAt })
        .where(eq(conversations.id, conversation.id));
      await emitEvent<ConversationRepliedData>(tx, outbox, {
        tenantId,
        type: InsightsEventTypes.conversationReplied,
        aggregateType: 'Conversation',
        aggregateId: conversation.id,
        data: {
          conversationId: conversation.id,
          messageId: message.id,
          replyId: reply.id,
          promptTokens: usage.promptTokens,
          completionTokens: usage.completionTokens,
        },
      });
      await recordAudit(
        tx,
        auditLog,
        [message, reply].map((m) => ({
          tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: m.role === 'USER' ? 'conversation.message' : 'conversation.reply',
          entityType: 'Message',
          entityId: m.id,
          after: m,
        })),
      );
      return { message, reply };
    });
  },
};
