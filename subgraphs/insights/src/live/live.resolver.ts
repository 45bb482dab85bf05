import { busIterator, notFound } from '@wg/runtime';
import { Arg, Ctx, ID, type PubSub, Query, Resolver, Root, Subscription } from 'type-graphql';
import { conversationService } from '../conversations/conversation.service';
import type { InsightsContext } from '../loaders';
import { ANALYTICS_CHANGED_CHANNEL } from '../projections/notify';
import { conversationReplyChannel, type ReplyEventMessage } from './channels';
import { liveService, noticeConcerns, parseScope } from './live.service';
import { AnalyticsScopeInput, AnalyticsUpdate, ConversationReplyEvent } from './live.types';

/*
 * The live root fields. Clients reach them through the gateway's subscription engine
 * (gateway/src/subscriptions), which listens on the same bus channels and resolves each push
 * through the query plan (`analyticsUpdated` → `analyticsSnapshot`). The `subscribe` functions here
 * are complete too, so the subgraph schema is executable on its own (and tested that way).
 */

@Resolver()
export class LiveResolver {
  @Query(() => AnalyticsUpdate, {
    description:
      'Current figures of one scope, the same object `analyticsUpdated` pushes. Permissions as the per-scope ' +
      'queries: company, department and project need `analytics:read` scope `all`; an employee needs own/team/all ' +
      'covering them. NOT_FOUND for ids insights does not know (or another tenant’s).',
  })
  analyticsSnapshot(
    @Ctx() ctx: InsightsContext,
    @Arg('scope', () => AnalyticsScopeInput, {
      description: 'Exactly one of company / departmentId / employeeId / projectId.',
    })
    scope: AnalyticsScopeInput,
  ): Promise<AnalyticsUpdate> {
    return liveService.snapshot(ctx, scope);
  }

  @Subscription(() => AnalyticsUpdate, {
    description:
      'Pushes the scope’s figures (first the current ones) whenever the projections behind them change: at most ' +
      'one push per interval (LIVE_COALESCE_MS, default 1 s), always ending on the latest numbers. Fields of ' +
      'other subgraphs in the selection (e.g. `department { name }`) are resolved on every push. Same permissions ' +
      'as `analyticsSnapshot`; a refused subscription fails with FORBIDDEN.',
    subscribe: async ({ args, context }) => {
      const ctx = context as InsightsContext;
      const scope = parseScope(args.scope as AnalyticsScopeInput);
      const tenantId = ctx.tenantId();
      // Refuse up front what the caller may not read (FORBIDDEN / NOT_FOUND).
      await liveService.snapshot(ctx, args.scope as AnalyticsScopeInput);
      return busIterator(ctx.bus, ANALYTICS_CHANGED_CHANNEL, (m): m is unknown =>
        noticeConcerns(m, tenantId, scope),
      );
    },
  })
  analyticsUpdated(
    @Ctx() ctx: InsightsContext,
    @Arg('scope', () => AnalyticsScopeInput, {
      description: 'Exactly one of company / departmentId / employeeId / projectId.',
    })
    scope: AnalyticsScopeInput,
  ): Promise<AnalyticsUpdate> {
    return liveService.snapshot(ctx, scope);
  }

  @Subscription(() => ConversationReplyEvent, {
    description:
      'The assistant’s replies in one of your conversations, as they are written: `delta` pieces, then an event ' +
      'with `done: true` and `usage` once the reply is stored. Subscribe before `sendMessage`; a subscriber that ' +
      'joins mid-reply first gets the text so far as one delta. NOT_FOUND for a conversation that is not yours.',
    subscribe: async ({ args, context }) => {
      const ctx = context as InsightsContext;
      const conversation = await conversationService.get(ctx, String(args.conversationId));
      if (!conversation) throw notFound('Conversation', String(args.conversationId));
      const tenantId = ctx.tenantId();
      return busIterator(
        ctx.bus,
        conversationReplyChannel(tenantId, conversation.id),
        (m): m is ReplyEventMessage => (m as ReplyEventMessage | null)?.tenantId === tenantId,
      );
    },
  })
  conversationReply(
    @Root() event: ReplyEventMessage,
    @Arg('conversationId', () => ID, { description: 'One of your conversations.' }) _conversationId: string,
  ): ConversationReplyEvent {
    return Object.assign(new ConversationReplyEvent(), {
      messageId: event.messageId,
      delta: event.delta,
      done: event.done,
      usage: event.usage,
      error: event.error,
    });
  }
}

/**
 * type-graphql insists on a PubSub once any `@Subscription` exists, even when every subscription
 * brings its own `subscribe` (as all of ours do, on the platform bus). This one is never reached.
 */
export const unusedPubSub: PubSub = {
  publish() {
    throw new Error('insights subscriptions publish on the platform bus, not through type-graphql');
  },
  subscribe() {
    throw new Error('insights subscriptions subscribe on the platform bus, not through type-graphql');
  },
};
