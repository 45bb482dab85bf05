import { DateScalar, DecimalScalar, Money } from '@wg/runtime';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('MonthlyAnalytics', { description: 'Costed labour of one calendar month, company-wide.' })
export class MonthlyAnalytics {
  @Field(() => DateScalar, { description: 'First day of the month, e.g. `2026-03-01`.' })
  month!: string;

  @Field(() => DecimalScalar, { description: 'Hours logged in the month, e.g. "312.50".' })
  hours!: string;

  @Field(() => Money, { description: 'Billable value of the hours logged in the month.' })
  revenue!: Money;

  @Field(() => Money, { description: 'Labour cost of the hours logged in the month.' })
  cost!: Money;

  @Field(() => Money, { description: '`revenue − cost` for the month.' })
  profit!: Money;
}

@ObjectType('CompanyAnalytics', {
  description:
    'Company-wide figures from the insights read models (fed by domain events, so they trail writes ' +
    'by moments). Money is in the tenant’s reporting currency and computed with exact decimals.',
})
export class CompanyAnalytics {
  @Field(() => Int, { description: 'Employees whose status is ACTIVE.' })
  employeeCount!: number;

  @Field(() => Int, { description: 'Departments of the tenant.' })
  departmentCount!: number;

  @Field(() => Int, { description: 'Projects of the tenant.' })
  projectCount!: number;

  @Field(() => Money, { description: 'Billable value of all costed hours.' })
  totalRevenue!: Money;

  @Field(() => Money, { description: 'Labour cost of all costed hours.' })
  totalCost!: Money;

  @Field(() => Money, { description: '`totalRevenue − totalCost`.' })
  profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Return on labour cost, `(revenue − cost) / cost`, 4 decimals; null while cost is zero.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, { description: 'All hours costed so far, e.g. "1520.50".' })
  hoursLogged!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Revenue per hour logged, 2 decimals; null while no hours are logged.',
  })
  productivityIndex!: string | null;

  @Field(() => [MonthlyAnalytics], {
    description: 'The last 12 months that have costed hours, oldest first.',
  })
  monthly!: MonthlyAnalytics[];

  @Field(() => String, {
    description: 'ISO-4217 reporting currency of the money fields; "USD" until any hours are costed.',
  })
  currency!: string;
}
