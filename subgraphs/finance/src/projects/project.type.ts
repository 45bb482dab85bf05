import { DecimalScalar, Money } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Entity stub: work owns Project; finance adds `financials`. */
@Directive('@key(fields: "id")')
@ObjectType('Project', { description: 'A body of work people log time against, owned by the work subgraph.' })
export class Project {
  @Field(() => ID)
  id!: string;

  static ref(id: string): Project {
    return Object.assign(new Project(), { id });
  }
}

@ObjectType('ProjectFinancials', {
  description:
    'What a project has earned and cost, all time (every counted line since the first), in the reporting ' +
    'currency. A line counts unless it is REJECTED or dated outside every employment stint of the employee (each hire or rehire date through its termination date); SUBMITTED and ' +
    'APPROVED lines count. Each line is priced at the compensation and billing rate effective on its own date.',
})
export class ProjectFinancials {
  @Field(() => Money, {
    description:
      'Billable value, all time: Σ over counted lines of hours × the project’s hourly rate effective on the line’s date.',
  })
  revenue!: Money;

  @Field(() => Money, {
    description:
      'Labour cost, all time: Σ over counted lines of hours × the employee’s hourly cost on the line’s date ' +
      '(annual salary of the compensation effective that day / 2080).',
  })
  cost!: Money;

  @Field(() => Money, { description: 'Profit on labour, all time: `revenue − cost`.' })
  profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Return on labour cost, all time: `(revenue − cost) / cost`, rounded to 4 places; null while the cost is 0 ' +
      'or while any counted hour is unpriced or unbilled (see `unpricedHours`, `unbilledHours`).',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, {
    description:
      'Σ counted hours logged on the project (all time), the hours `revenue` and `cost` are summed over.',
  })
  hoursLogged!: string;

  @Field(() => DecimalScalar, {
    description:
      'Σ counted hours (all time) dated when the employee had no compensation: their cost is 0, so `cost` is understated.',
  })
  unpricedHours!: string;

  @Field(() => DecimalScalar, {
    description: 'Σ counted hours (all time) dated when the project had no billing rate: their revenue is 0.',
  })
  unbilledHours!: string;

  @Field(() => DecimalScalar, {
    description: 'Σ counted hours logged on the project, all time (the same as `hoursLogged`).',
    deprecationReason:
      'Use `hoursLogged`, the name `Project.hoursLogged` and analytics use. Removed in the next release.',
  })
  hours!: string;

  @Field(() => Money, {
    nullable: true,
    description: 'The hourly rate effective today (per hour of work); null when none is.',
  })
  hourlyRate!: Money | null;
}
