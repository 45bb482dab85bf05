import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { WorkContext } from '../../loaders';
import { CreateLeaveTypeInput, UpdateLeaveTypeInput } from './leave-type.input';
import { leaveTypeService } from './leave-type.service';
import { LeaveType } from './leave-type.type';

@Resolver(() => LeaveType)
export class LeaveTypeResolver {
  @Query(() => [LeaveType], {
    description: 'The tenant’s leave types, by name. Requires `time_off:read` (any scope).',
  })
  leaveTypes(@Ctx() ctx: WorkContext): Promise<LeaveType[]> {
    return leaveTypeService.list(ctx);
  }

  @Mutation(() => LeaveType, {
    description: 'Create a leave type. Requires `time_off:manage:all`; a code already used is a CONFLICT.',
  })
  createLeaveType(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => CreateLeaveTypeInput, { description: 'The new leave type.' })
    input: CreateLeaveTypeInput,
  ): Promise<LeaveType> {
    return leaveTypeService.create(ctx, input);
  }

  @Mutation(() => LeaveType, {
    description:
      'Change a leave type (code and unit are fixed once created). Requires `time_off:manage:all`. Audited.',
  })
  updateLeaveType(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The leave type.' }) id: string,
    @Arg('input', () => UpdateLeaveTypeInput, { description: 'What to change.' }) input: UpdateLeaveTypeInput,
  ): Promise<LeaveType> {
    return leaveTypeService.update(ctx, id, input);
  }

  @Mutation(() => ID, {
    description:
      'Delete a leave type that has no requests (CONFLICT otherwise), with its policies and adjustments; returns its id. Requires `time_off:manage:all`.',
  })
  deleteLeaveType(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The leave type.' }) id: string,
  ): Promise<string> {
    return leaveTypeService.delete(ctx, id);
  }
}
