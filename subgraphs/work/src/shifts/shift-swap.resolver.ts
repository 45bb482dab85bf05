import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import type { WorkContext } from '../loaders';
import { shiftSwapService } from './shift-swap.service';
import { ShiftSwap, ShiftSwapStatus } from './shift.type';

@InputType('RequestShiftSwapInput', {
  description: 'Hand your shift to a colleague, or exchange it for one of theirs.',
})
export class RequestShiftSwapInput {
  @Field(() => ID, { description: 'Your assigned shift, not yet started.' })
  shiftId!: string;

  @Field(() => ID, { description: 'The ACTIVE colleague who takes it.' })
  targetEmployeeId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Their assigned shift you take in exchange; omit to hand over.',
  })
  targetShiftId?: string | null;

  @Field(() => String, { nullable: true, description: 'For the approver, at most 2000 characters.' })
  note?: string | null;
}

const DECIDE =
  'Requires `shift:approve`: `team` for requesters in your reporting line, `all` for anyone; never your own request. All or nothing (1–200 ids); a decided request is a CONFLICT.';

@Resolver(() => ShiftSwap)
export class ShiftSwapResolver {
  @Query(() => [ShiftSwap], {
    description:
      'Swap requests you are part of (requester or colleague) and, with `shift:approve`, those you may decide; newest first, at most 200; cancelled ones only when asked for by status. Requires `shift:read`.',
  })
  shiftSwaps(
    @Ctx() ctx: WorkContext,
    @Arg('status', () => ShiftSwapStatus, { nullable: true, description: 'Only requests in this state.' })
    status: ShiftSwapStatus | null,
  ): Promise<ShiftSwap[]> {
    return shiftSwapService.list(ctx, status);
  }

  @Mutation(() => ShiftSwap, {
    description:
      'Ask your manager to let a colleague take your shift (or exchange shifts). Requires `shift:create`; one pending request per shift (CONFLICT). It appears in the approver’s `myApprovals` as kind `shift_swap`; the scheduling rules are checked when it is approved.',
  })
  requestShiftSwap(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => RequestShiftSwapInput, { description: 'The swap.' }) input: RequestShiftSwapInput,
  ): Promise<ShiftSwap> {
    return shiftSwapService.request(ctx, input);
  }

  @Mutation(() => ShiftSwap, { description: 'Withdraw your PENDING swap request.' })
  cancelShiftSwap(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The request.' }) id: string,
  ): Promise<ShiftSwap> {
    return shiftSwapService.cancel(ctx, id);
  }

  @Mutation(() => [ShiftSwap], {
    description: `Approve PENDING swap requests: the shifts change hands after every scheduling rule is re-checked for both employees (a broken rule is a CONFLICT naming it; nothing changes). ${DECIDE}`,
  })
  approveShiftSwaps(
    @Ctx() ctx: WorkContext,
    @Arg('ids', () => [ID], { description: 'The requests.' }) ids: string[],
  ): Promise<ShiftSwap[]> {
    return shiftSwapService.decide(ctx, ids, 'APPROVED', null);
  }

  @Mutation(() => [ShiftSwap], { description: `Reject PENDING swap requests with a reason. ${DECIDE}` })
  rejectShiftSwaps(
    @Ctx() ctx: WorkContext,
    @Arg('ids', () => [ID], { description: 'The requests.' }) ids: string[],
    @Arg('reason', () => String, { description: 'Why, 1–2000 characters.' }) reason: string,
  ): Promise<ShiftSwap[]> {
    return shiftSwapService.decide(ctx, ids, 'REJECTED', reason);
  }
}
