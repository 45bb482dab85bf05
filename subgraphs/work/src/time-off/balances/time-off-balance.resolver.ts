import { DateScalar, DecimalScalar } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Employee } from '../../employees/employee.type';
import type { WorkContext } from '../../loaders';
import { timeOffBalanceService } from './time-off-balance.service';
import { TimeOffAdjustment, TimeOffBalance } from './time-off-balance.type';

/** Time-off balances work adds to people's Employee. */
@Resolver(() => Employee)
export class TimeOffBalanceResolver {
  @FieldResolver(() => [TimeOffBalance], {
    nullable: true,
    description:
      'This employee’s balance of every leave type as of a day (default today), by leave type name. Requires `time_off:read`: own → yourself, team → your reporting line, all → anyone (others get null).',
  })
  timeOffBalances(
    @Root() e: Employee,
    @Ctx() ctx: WorkContext,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The day; default today (UTC).' })
    asOf: string | null,
  ): Promise<TimeOffBalance[] | null> {
    return timeOffBalanceService.forEmployee(ctx, e.id, asOf);
  }

  @FieldResolver(() => [TimeOffAdjustment], {
    nullable: true,
    description:
      'Manual balance adjustments of this employee effective in one balance year (default the current), oldest first. Same permission as `timeOffBalances`.',
  })
  timeOffAdjustments(
    @Root() e: Employee,
    @Ctx() ctx: WorkContext,
    @Arg('year', () => Int, {
      nullable: true,
      description: 'The balance year (calendar year); default this year.',
    })
    year: number | null,
  ): Promise<TimeOffAdjustment[] | null> {
    return timeOffBalanceService.adjustmentsOf(ctx, e.id, year);
  }
}

@Resolver(() => TimeOffAdjustment)
export class TimeOffAdjustmentResolver {
  @Mutation(() => TimeOffAdjustment, {
    description:
      'Correct an employee’s balance of a leave type by a signed amount, with a reason (audited). Requires `time_off:manage:all`.',
  })
  adjustTimeOffBalance(
    @Ctx() ctx: WorkContext,
    @Arg('employeeId', () => ID, { description: 'The employee.' }) employeeId: string,
    @Arg('leaveTypeId', () => ID, { description: 'A leave type with a balance.' }) leaveTypeId: string,
    @Arg('amount', () => DecimalScalar, {
      description: 'Signed, non-zero, in the leave type’s unit, at most 2 decimal places (e.g. "-1.5").',
    })
    amount: string,
    @Arg('reason', () => String, { description: 'Why, 1–2000 characters.' }) reason: string,
    @Arg('effectiveDate', () => String, {
      nullable: true,
      description: 'YYYY-MM-DD the adjustment counts from (its balance year); default today.',
    })
    effectiveDate: string | null,
  ): Promise<TimeOffAdjustment> {
    return timeOffBalanceService.adjust(ctx, { employeeId, leaveTypeId, amount, reason, effectiveDate });
  }
}
