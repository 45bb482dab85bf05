import { shiftSwaps } from '@wg/db/work';
import { APPROVAL_ID_DESCRIPTION, APPROVAL_TYPES, isUuid, parseApprovalId, scopeFor } from '@wg/runtime';
import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { WorkContext } from '../loaders';
import { swapViews } from './shift-swap.service';
import { ShiftSwap } from './shift.type';

/**
 * Work's part of `ShiftSwapApproval` (security owns the `Approval` interface, the inbox and the
 * projected fields; see `@wg/runtime` graphql/approval.ts): the swap itself, by key.
 */
@Directive('@key(fields: "id")')
@ObjectType(APPROVAL_TYPES.shift_swap.typeName, { description: APPROVAL_TYPES.shift_swap.description })
export class ShiftSwapApproval {
  @Field(() => ID, { description: APPROVAL_ID_DESCRIPTION })
  id!: string;
}

/** One batched read per request for the swaps of a page of approvals. */
const loaders = new WeakMap<WorkContext, DataLoader<string, ShiftSwap | null>>();
const swapLoader = (ctx: WorkContext) => {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, ShiftSwap | null>((ids) =>
      ctx.tx(async (tx) => {
        const rows = await tx
          .select()
          .from(shiftSwaps)
          .where(inArray(shiftSwaps.id, [...ids]));
        const byId = new Map((await swapViews(tx, rows)).map((s) => [s.id, s]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    );
    loaders.set(ctx, loader);
  }
  return loader;
};

@Resolver(() => ShiftSwapApproval)
export class ShiftSwapApprovalResolver {
  @FieldResolver(() => ShiftSwap, {
    nullable: true,
    description:
      'The swap to decide on. Null when it is gone or when the caller holds no `shift:approve` (team or all); security’s inbox already limits which approvals reach you.',
  })
  swap(@Root() approval: ShiftSwapApproval, @Ctx() ctx: WorkContext): Promise<ShiftSwap | null> | null {
    const scope = scopeFor(ctx.identity, 'shift', 'approve');
    const parsed = parseApprovalId(approval.id);
    if ((scope !== 'team' && scope !== 'all') || parsed?.kind !== 'shift_swap' || !isUuid(parsed.subjectId)) {
      return null;
    }
    return swapLoader(ctx).load(parsed.subjectId);
  }
}
