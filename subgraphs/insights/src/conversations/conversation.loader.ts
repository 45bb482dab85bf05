import { conversations, messages } from '@wg/db/insights';
import type { LoaderContext } from '@wg/runtime';
import { type Connection, keyedLoader, toConnection } from '@wg/runtime';
import DataLoader from 'dataloader';
import { asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Conversation } from './conversation.type';
import type { Message } from './message.type';

/**
 * Conversations by id, one query per tick. It does not check ownership: the service and the
 * reference resolver do, so the cache can be shared by both.
 */
export const conversationById = (ctx: LoaderContext) =>
  keyedLoader<string, Conversation>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(conversations)
          .where(inArray(conversations.id, [...ids])),
      ),
    (c) => c.id,
  );

/**
 * `Conversation.messages(first, after)` for many conversations in one statement, oldest first: a
 * window function numbers each conversation's messages so every one gets its own page and total.
 * One DataLoader per (first, after) pair, created lazily and cached for the request.
 */
export const messagePagesByConversation = (ctx: LoaderContext) => {
  const byArgs = new Map<string, DataLoader<string, Connection<Message>>>();
  return (limit: number, after: string | null) => {
    const cacheKey = `${limit}|${after ?? ''}`;
    let loader = byArgs.get(cacheKey);
    if (!loader) {
      loader = new DataLoader<string, Connection<Message>>(async (conversationIds) => {
        const rows = await ctx.tx(async (tx) => {
          // Totals are counted before the cursor applies; row numbers after it.
          const base = tx
            .select({
              id: messages.id,
              conversationId: messages.conversationId,
              total: sql<number>`count(*) over (partition by ${messages.conversationId})`.as('total'),
            })
            .from(messages)
            .where(inArray(messages.conversationId, [...conversationIds]))
            .as('base');
          const ranked = tx
            .select({
              id: base.id,
              total: base.total,
              rn: sql<number>`row_number() over (partition by ${base.conversationId} order by ${base.id})`.as(
                'rn',
              ),
            })
            .from(base)
            .where(after ? gt(base.id, after) : undefined)
            .as('ranked');
          return tx
            .select({ message: messages, total: ranked.total })
            .from(ranked)
            .innerJoin(messages, eq(messages.id, ranked.id))
            .where(lte(ranked.rn, limit + 1))
            .orderBy(asc(messages.id));
        });
        const groups = new Map<string, { list: Message[]; total: number }>();
        for (const r of rows) {
          const g = groups.get(r.message.conversationId) ?? { list: [], total: Number(r.total) };
          g.list.push(r.message);
          groups.set(r.message.conversationId, g);
        }
        return conversationIds.map((id) => {
          const g = groups.get(id) ?? { list: [], total: 0 };
          return toConnection(g.list, limit, g.total, after !== null, (m) => m.id);
        });
      });
      byArgs.set(cacheKey, loader);
    }
    return loader;
  };
};
