import { auditLog, conversations, messages, outbox } from '@wg/db/insights';
import {
  badInput,
  conflict,
  type Connection,
  emitEvent,
  ForbiddenError,
  isUuid,
  notFound,
  type PageArgs,
  pageWindow,
  paginate,
  parseInput,
  recordAudit,
  rules,
  z,
} from '@wg/runtime';
import { and, desc, eq, exists, ilike, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Assistant, type HistoryMessage, selectAssistant } from '../assistant/assistant';
import { InsightsEventTypes } from '../events';
import { ReplyWriter } from '../live/reply-stream';
import type { InsightsContext } from '../loaders';
import type { ConversationFilter, StartConversationInput } from './conversation.input';
import type { Conversation } from './conversation.type';
import type { Message, SendMessagePayload } from './message.type';

export const DEFAULT_TITLE = 'New conversation';
/** How many earlier messages an assistant is shown (enough context, bounded prompt). */
const HISTORY_LIMIT = 20;
/** How many messages a summary reads (the most recent). */
const SUMMARY_LIMIT = 100;
/** What a subscriber sees when the assistant fails mid-reply (details go to the log only). */
export const REPLY_FAILED = 'The assistant could not answer; please send the question again.';

const filterSchema = z.object({
  search: z.string().trim().max(200, 'Search must be at most 200 characters').nullish(),
  archived: z.boolean().nullish(),
});

/** `ilike` pattern for a literal substring: the user's % and _ match themselves. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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

/** Conversations are private to a user: a caller without one (an API key) cannot have any. */
function ownerOf(ctx: InsightsContext): string {
  const userId = ctx.identity.userId;
  if (!userId) throw new ForbiddenError('Conversations belong to a signed-in user');
  return userId;
}

/** `after` cursors of conversation and message pages carry a UUID; anything else is malformed. */
function cursorId(after: string | null): string | null {
  if (after !== null && !isUuid(after)) throw badInput([{ field: 'after', message: 'Malformed cursor' }]);
  return after;
}

export const conversationService = {
  /** The caller's conversations, newest first, Relay-paginated. */
  async list(
    ctx: InsightsContext,
    args: PageArgs & { filter?: ConversationFilter | null },
  ): Promise<Connection<Conversation>> {
    ctx.authorize('conversation:read');
    const userId = ownerOf(ctx);
    pageWindow(args); // bad `first`/`after` fail before the filter is looked at
    const filter = parseInput(filterSchema, args.filter ?? {}, 'filter');
    return ctx.tx(async (tx) => {
      const conditions: (SQL | undefined)[] = [eq(conversations.userId, userId)];
      if (filter.archived === true) conditions.push(isNotNull(conversations.archivedAt));
      if (filter.archived === false) conditions.push(isNull(conversations.archivedAt));
      if (filter.search) {
        const pattern = containing(filter.search);
        conditions.push(
          or(
            ilike(conversations.title, pattern),
            exists(
              tx
                .select({ one: messages.id })
                .from(messages)
                .where(and(eq(messages.conversationId, conversations.id), ilike(messages.content, pattern))),
            ),
          ),
        );
      }
      const mine = and(...conditions);
      return paginate(tx, { table: conversations, key: conversations.id, where: mine, order: 'desc' }, args);
    });
  },

  /** One of the caller's conversations; null for anyone else's (no hint that it exists). */
  async get(ctx: InsightsContext, id: string): Promise<Conversation | null> {
    ctx.authorize('conversation:read');
    const userId = ownerOf(ctx);
    if (!isUuid(id)) return null;
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
      await emitEvent(tx, outbox, {
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
   * Stores the caller's message and returns it at once; the assistant's reply streams on the
   * conversation's channel (`conversationReply`) and is stored whole, with token counts, before the
   * final `done` event. The reply runs outside any transaction: a model call can take seconds and
   * must not hold a connection.
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
    // Both ids now, in this order (UUIDv7 is monotonic): the reply sorts after the question, and
    // subscribers can match its events before it is stored.
    const questionId = uuidv7();
    const replyId = uuidv7();
    let writer: ReplyWriter | null = null;

    try {
      const { conversation, history, message } = await ctx.tx(async (tx) => {
        const [found] = await tx
          .select()
          .from(conversations)
          .where(and(eq(conversations.id, data.conversationId), eq(conversations.userId, userId)));
        if (!found) throw notFound('Conversation', data.conversationId);
        if (found.archivedAt) throw conflict('The conversation is archived');
        writer = ReplyWriter.begin(ctx.bus, tenantId, found.id, replyId);
        const recent = await tx
          .select({ role: messages.role, content: messages.content })
          .from(messages)
          .where(eq(messages.conversationId, found.id))
          .orderBy(desc(messages.id))
          .limit(HISTORY_LIMIT);
        const [stored] = await tx
          .insert(messages)
          .values({
            id: questionId,
            tenantId,
            conversationId: found.id,
            role: 'USER' as const,
            content: data.content,
          })
          .returning();
        const row = stored!;
        await tx
          .update(conversations)
          .set({ updatedAt: row.createdAt })
          .where(eq(conversations.id, found.id));
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: userId,
            requestId: ctx.requestId,
            action: 'conversation.message',
            entityType: 'Message',
            entityId: row.id,
            after: row,
          },
        ]);
        return { conversation: found, history: recent.reverse() as HistoryMessage[], message: row };
      });
      const started = writer as ReplyWriter | null;
      if (started) {
        void this.writeReply(
          ctx,
          started,
          conversation,
          [...history, { role: 'USER', content: message.content }],
          {
            assistant,
            questionId: message.id,
          },
        );
      }
      return { message, replyId };
    } catch (error) {
      (writer as ReplyWriter | null)?.release();
      throw error;
    }
  },

  /**
   * Streams the reply through `writer`, then stores it (message, event, audit in one transaction)
   * and only then sends `done`, so a client that sees `done` can read the stored message. On failure
   * nothing is stored and subscribers get `done` with an error.
   */
  async writeReply(
    ctx: InsightsContext,
    writer: ReplyWriter,
    conversation: Conversation,
    history: HistoryMessage[],
    options: { assistant: Assistant; questionId: string },
  ): Promise<void> {
    const tenantId = ctx.tenantId();
    try {
      const stream = options.assistant.stream(ctx, conversation, history);
      let step = await stream.next();
      while (!step.done) {
        await writer.delta(step.value);
        step = await stream.next();
      }
      const usage = step.value;
      await ctx.tx(async (tx) => {
        const [stored] = await tx
          .insert(messages)
          .values({
            id: writer.messageId,
            tenantId,
            conversationId: conversation.id,
            role: 'ASSISTANT' as const,
            content: writer.content,
            promptTokens: usage.promptTokens,
            completionTokens: usage.completionTokens,
          })
          .returning();
        const reply = stored!;
        await tx
          .update(conversations)
          .set({ updatedAt: reply.createdAt })
          .where(eq(conversations.id, conversation.id));
        await emitEvent(tx, outbox, {
          tenantId,
          type: InsightsEventTypes.conversationReplied,
          aggregateType: 'Conversation',
          aggregateId: conversation.id,
          data: {
            conversationId: conversation.id,
            messageId: options.questionId,
            replyId: reply.id,
            promptTokens: usage.promptTokens,
            completionTokens: usage.completionTokens,
          },
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'conversation.reply',
            entityType: 'Message',
            entityId: reply.id,
            after: reply,
          },
        ]);
      });
      await writer.finish(usage);
    } catch (error) {
      ctx.log.error({ err: error, conversationId: conversation.id }, 'insights: assistant reply failed');
      await writer.fail(REPLY_FAILED).catch(() => undefined);
    }
  },

  /** Archive (true) or reopen (false) one of the caller's conversations. */
  async setArchived(ctx: InsightsContext, id: string, archived: boolean): Promise<Conversation> {
    ctx.authorize('conversation:update');
    const userId = ownerOf(ctx);
    const { conversationId } = parseInput(
      z.object({ conversationId: rules.uuid() }),
      { conversationId: id },
      '',
    );
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [found] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, conversationId), eq(conversations.userId, userId)));
      if (!found) throw notFound('Conversation', conversationId);
      if (archived === (found.archivedAt !== null)) {
        throw conflict(
          archived ? 'The conversation is already archived' : 'The conversation is not archived',
        );
      }
      const now = new Date();
      const [updated] = await tx
        .update(conversations)
        .set({ archivedAt: archived ? now : null, updatedAt: now })
        .where(eq(conversations.id, found.id))
        .returning();
      const row = updated!;
      await emitEvent(tx, outbox, {
        tenantId,
        type: archived ? InsightsEventTypes.conversationArchived : InsightsEventTypes.conversationReopened,
        aggregateType: 'Conversation',
        aggregateId: row.id,
        data: { id: row.id, userId, archivedAt: row.archivedAt?.toISOString() ?? null },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: archived ? 'conversation.archive' : 'conversation.reopen',
          entityType: 'Conversation',
          entityId: row.id,
          before: found,
          after: row,
        },
      ]);
      return row;
    });
  },

  /**
   * Writes a short summary of one of the caller's conversations (local assistant: extractive, from
   * the questions asked; OpenAI: the model) and stores it on the conversation.
   */
  async summarize(
    ctx: InsightsContext,
    id: string,
    assistant: Assistant = selectAssistant(),
  ): Promise<Conversation> {
    ctx.authorize('conversation:update');
    const userId = ownerOf(ctx);
    const { conversationId } = parseInput(
      z.object({ conversationId: rules.uuid() }),
      { conversationId: id },
      '',
    );
    const tenantId = ctx.tenantId();
    const { conversation, history } = await ctx.tx(async (tx) => {
      const [found] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, conversationId), eq(conversations.userId, userId)));
      if (!found) throw notFound('Conversation', conversationId);
      const recent = await tx
        .select({ role: messages.role, content: messages.content })
        .from(messages)
        .where(eq(messages.conversationId, found.id))
        .orderBy(desc(messages.id))
        .limit(SUMMARY_LIMIT);
      return { conversation: found, history: recent.reverse() as HistoryMessage[] };
    });
    const { content } = await assistant.summarize(ctx, conversation, history);
    return ctx.tx(async (tx) => {
      const now = new Date();
      const [updated] = await tx
        .update(conversations)
        .set({ summary: content, summarizedAt: now })
        .where(and(eq(conversations.id, conversation.id), eq(conversations.userId, userId)))
        .returning();
      if (!updated) throw notFound('Conversation', conversationId);
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: 'conversation.summarize',
          entityType: 'Conversation',
          entityId: updated.id,
          before: { summary: conversation.summary },
          after: { summary: updated.summary },
        },
      ]);
      return updated;
    });
  },
};
