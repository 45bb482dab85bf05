import { APPROVAL_KINDS, approvalKinds, busIterator } from '@wg/runtime';
import type { PubSub } from 'type-graphql';
import { Args, ArgsType, Ctx, Field, Int, Query, Resolver, Subscription } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { APPROVALS_CHANGED_CHANNEL, type ApprovalsChangedNotice } from './approval.consumer';
import { approvalService, parseKinds } from './approval.service';
import { ApprovalConnection } from './approval.type';

const DECIDE = approvalKinds.map((k) => `\`${k}\`: ${APPROVAL_KINDS[k].decide}`).join('; ');

@ArgsType()
export class ApprovalInboxArgs {
  @Field(() => [String], {
    nullable: true,
    description: `Only these kinds (${approvalKinds.map((k) => `\`${k}\``).join(', ')}); all when omitted. An unknown kind or an empty list is BAD_USER_INPUT naming \`kinds\`.`,
  })
  kinds?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Page size: how many edges to return, 0–100 (default 20).',
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Opaque cursor of the last edge already seen (`pageInfo.endCursor`); the page starts after it.',
  })
  after?: string | null;
}

@Resolver()
export class ApprovalResolver {
  @Query(() => ApprovalConnection, {
    description: `Everything waiting for your approval, as one connection across kinds, oldest request first (\`requestedAt\`, then \`id\`), with \`counts\` per kind for a badge. It holds only what you may decide: the kind's \`<permission>:approve\` at scope \`all\` (the whole tenant) or \`team\` (your reporting line; offers: your department and below), never your own request. Without any approve permission (or for an API key) it is empty, not an error; UNAUTHENTICATED when anonymous. Built from the owners' events, so a change shows within moments, not in the same request. Decide each kind with its owner's bulk mutations — ${DECIDE}. Each node's concrete type carries the owner's typed detail (\`OfferApproval.offer\`, \`TimesheetEntryApproval.entry\`).`,
  })
  myApprovals(@Ctx() ctx: SecurityContext, @Args(() => ApprovalInboxArgs) args: ApprovalInboxArgs) {
    return approvalService.inbox(ctx, args);
  }

  @Subscription(() => ApprovalConnection, {
    description:
      'Pushes your `myApprovals` (the same arguments and selection; first the current one) whenever something of the asked kinds arrives in your tenant’s inbox or is decided: select `totalCount` and `counts` for a badge. At most one push per interval (LIVE_COALESCE_MS, default 1 s), always ending on the latest state. Served by the gateway’s subscription engine.',
    subscribe: async ({ args, context }) => {
      const ctx = context as SecurityContext;
      const tenantId = ctx.tenantId();
      const kinds = parseKinds(args.kinds as string[] | null | undefined);
      return busIterator(
        ctx.bus,
        APPROVALS_CHANGED_CHANNEL,
        (m): m is ApprovalsChangedNotice =>
          (m as ApprovalsChangedNotice | null)?.tenantId === tenantId &&
          Array.isArray((m as ApprovalsChangedNotice).kinds) &&
          (m as ApprovalsChangedNotice).kinds.some((k) => (kinds as string[]).includes(k)),
      );
    },
  })
  approvalsChanged(@Ctx() ctx: SecurityContext, @Args(() => ApprovalInboxArgs) args: ApprovalInboxArgs) {
    return approvalService.inbox(ctx, args);
  }
}

/**
 * type-graphql insists on a PubSub once any `@Subscription` exists, even when every subscription
 * brings its own `subscribe` (ours listens on the platform bus). This one is never reached.
 */
export const unusedPubSub: PubSub = {
  publish() {
    throw new Error('security subscriptions publish on the platform bus, not through type-graphql');
  },
  subscribe() {
    throw new Error('security subscriptions subscribe on the platform bus, not through type-graphql');
  },
};
