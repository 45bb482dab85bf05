import { DecimalScalar } from '@wg/runtime';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { compensationService } from '../compensations/compensation.service';
import { Compensation } from '../compensations/compensation.type';
import type { FinanceContext } from '../loaders';
import { employeeService } from './employee.service';
import { Employee } from './employee.type';

@Resolver(() => Employee)
export class EmployeeResolver {
  @FieldResolver(() => Compensation, {
    nullable: true,
    description:
      'Current compensation: the latest one effective on or before today; null if none. Batched across employees. ' +
      'Requires `compensation:read`: scope `all` sees everyone, `team` the caller and their reporting line, `own` ' +
      'only the caller (others get null).',
  })
  compensation(@Root() employee: Employee, @Ctx() ctx: FinanceContext): Promise<Compensation | null> {
    return compensationService.currentFor(ctx, employee.id);
  }

  @FieldResolver(() => DecimalScalar, {
    nullable: true,
    description:
      'Run-rate return on the employee: `(revenue − annual salary) / annual salary`, rounded to 4 places, where revenue is ' +
      'Σ counted hours × project rate over the trailing year (from today’s date a year ago through today, both included) and ' +
      'annual salary the current compensation annualised (MONTHLY ×12, BIWEEKLY ×26, WEEKLY ×52, HOURLY ×2080). Not the ' +
      'same figure as `analytics.roi` (all time, against pro-rated employment cost). Null without a compensation. Batched ' +
      'across employees. Requires `financials:read`, for employees within its scope (others get null).',
    deprecationReason:
      'Two employee ROIs disagreed (issue #12). Use `analytics { roi }` (all time) or `analytics { last12Months { roi } }` ' +
      '(the 12 complete months), both against the pro-rated employment cost. Removed in the next release.',
  })
  roi(@Root() employee: Employee, @Ctx() ctx: FinanceContext): Promise<string | null> {
    return employeeService.roi(ctx, employee.id);
  }
}
