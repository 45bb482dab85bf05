import { type Connection, DateScalar, isUuid, PageArgs, parseApprovalId, scopeFor } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Employee, employeeStub } from '../../employees/employee.type';
import type { WorkContext } from '../../loaders';
import { leaveTypeService } from '../leave-types/leave-type.service';
import { LeaveType } from '../leave-types/leave-type.type';
import { teamCalendar } from './team-calendar.service';
import { RequestTimeOffInput, TimeOffRequestFilter } from './time-off-request.input';
import { timeOffRequestService } from './time-off-request.service';
import {
  TeamCalendar,
  TimeOffRequest,
  TimeOffRequestApproval,
  TimeOffRequestConnection,
  TimeOffStatus,
} from './time-off-request.type';

@Resolver(() => TimeOffRequest)
export class TimeOffRequestResolver {
  @Mutation(() => TimeOffRequest, {
    description:
      'Ask for time off → PENDING. Requires `time_off:request` (own: yourself, the default; team: your reporting line; all: anyone). The amount is the working time of the days on the employee’s holiday calendar. Overlapping PENDING/APPROVED requests and an insufficient balance (extensions: available, requested, unit, year) are a CONFLICT; bad fields are BAD_USER_INPUT; nothing is written on error.',
  })
  requestTimeOff(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => RequestTimeOffInput, { description: 'The request.' }) input: RequestTimeOffInput,
  ): Promise<TimeOffRequest> {
    return timeOffRequestService.request(ctx, input);
  }

  @Mutation(() => [TimeOffRequest], {
    description:
      'Approve PENDING requests (1–200), all or nothing. Requires `time_off:approve`: team for your reporting line, all for anyone; never your own (FORBIDDEN). Emits `work.time_off.approved` per request (people sets ON_LEAVE on the first day).',
  })
  approveTimeOffRequests(
    @Ctx() ctx: WorkContext,
    @Arg('ids', () => [ID], { description: 'The requests to approve.' }) ids: string[],
  ): Promise<TimeOffRequest[]> {
    return timeOffRequestService.approve(ctx, ids);
  }

  @Mutation(() => [TimeOffRequest], {
    description:
      'Reject PENDING requests with a reason, all or nothing. Same permission rules as `approveTimeOffRequests`.',
  })
  rejectTimeOffRequests(
    @Ctx() ctx: WorkContext,
    @Arg('ids', () => [ID], { description: 'The requests to reject.' }) ids: string[],
    @Arg('reason', () => String, { description: 'Why, shown to the requester; 1–2000 characters.' })
    reason: string,
  ): Promise<TimeOffRequest[]> {
    return timeOffRequestService.reject(ctx, ids, reason);
  }

  @Mutation(() => TimeOffRequest, {
    description:
      'Cancel your own request (you asked for it, or it is your leave): PENDING at any time, APPROVED only before its first day (CONFLICT after). The balance is returned. Requires `time_off:request`.',
  })
  cancelTimeOffRequest(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The request.' }) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Optional, at most 2000 characters.' })
    reason: string | null,
  ): Promise<TimeOffRequest> {
    return timeOffRequestService.cancel(ctx, id, reason);
  }

  @Query(() => TimeOffRequestConnection, {
    description:
      'Time-off requests, latest first day first, Relay-paginated (for HR). Requires `time_off:read`: own → yours, team → your reporting line, all → everyone.',
  })
  timeOffRequests(
    @Ctx() ctx: WorkContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => TimeOffRequestFilter, {
      nullable: true,
      description: 'Conditions every request must meet.',
    })
    filter: TimeOffRequestFilter | null,
  ): Promise<Connection<TimeOffRequest>> {
    return timeOffRequestService.list(ctx, filter, page);
  }

  @Query(() => TeamCalendar, {
    description:
      'Who is away when in a department (its direct members) or below a manager, over at most 92 days, with the holidays of the period. Give exactly one of departmentId or managerId. Requires `time_off:read` at team (only your reporting line is shown) or all.',
  })
  teamCalendar(
    @Ctx() ctx: WorkContext,
    @Arg('departmentId', () => ID, { nullable: true, description: 'The department.' }) departmentId:
      | string
      | null,
    @Arg('managerId', () => ID, { nullable: true, description: 'The manager (everyone below them).' })
    managerId: string | null,
    @Arg('from', () => DateScalar, { description: 'First day.' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day (inclusive).' }) to: string,
  ): Promise<TeamCalendar> {
    return teamCalendar(ctx, { departmentId, managerId, from, to });
  }

  @FieldResolver(() => Employee, { description: 'Whose leave it is (resolved by the people subgraph).' })
  employee(@Root() q: TimeOffRequest): Employee {
    return employeeStub(q.employeeId);
  }

  @FieldResolver(() => LeaveType, { description: 'The kind of leave.' })
  leaveType(@Root() q: TimeOffRequest, @Ctx() ctx: WorkContext): Promise<LeaveType> {
    return leaveTypeService.require(ctx, q.leaveTypeId);
  }
}

/** Time-off fields work adds to people's Employee. */
@Resolver(() => Employee)
export class EmployeeTimeOffRequestsResolver {
  @FieldResolver(() => [TimeOffRequest], {
    nullable: true,
    description:
      'This employee’s requests overlapping [from, to] (default: the current year; a range of one year’s days at most is typical), by first day. Requires `time_off:read`: own, team (your reporting line) or all; others get null.',
  })
  timeOffRequests(
    @Root() e: Employee,
    @Ctx() ctx: WorkContext,
    @Arg('status', () => TimeOffStatus, { nullable: true, description: 'Only this status.' })
    status: TimeOffStatus | null,
    @Arg('from', () => DateScalar, { nullable: true, description: 'First day of the range.' }) from:
      | string
      | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Last day of the range.' }) to: string | null,
  ): Promise<TimeOffRequest[] | null> {
    return timeOffRequestService.forEmployee(ctx, e.id, { status, from, to });
  }
}

@Resolver(() => TimeOffRequestApproval)
export class TimeOffRequestApprovalResolver {
  @FieldResolver(() => TimeOffRequest, {
    nullable: true,
    description:
      'The request to decide on. Null when it is gone or when the caller holds no `time_off:approve` (team or all); security’s inbox already limits which approvals reach you.',
  })
  request(
    @Root() approval: TimeOffRequestApproval,
    @Ctx() ctx: WorkContext,
  ): Promise<TimeOffRequest | null> | null {
    const scope = scopeFor(ctx.identity, 'time_off', 'approve');
    const parsed = parseApprovalId(approval.id);
    if (
      (scope !== 'team' && scope !== 'all') ||
      parsed?.kind !== 'time_off_request' ||
      !isUuid(parsed.subjectId)
    ) {
      return null;
    }
    return timeOffRequestService.byId(ctx, parsed.subjectId);
  }
}

export const resolveTimeOffRequestReference = (ref: Pick<TimeOffRequest, 'id'>, ctx: WorkContext) =>
  timeOffRequestService.get(ctx, ref.id);
