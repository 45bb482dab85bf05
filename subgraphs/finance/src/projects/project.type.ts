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
    'What a project has earned and cost, summed over all labour costed on it (every logged hour), in the reporting currency.',
})
export class ProjectFinancials {
  @Field(() => Money, {
    description: 'Billable value of the logged hours: Σ hours × the project’s hourly rate.',
  })
  revenue!: Money;

  @Field(() => Money, {
    description: 'Labour cost: Σ hours × each employee’s hourly cost on the day (annual salary / 2080).',
  })
  cost!: Money;

  @Field(() => Money, { description: 'revenue − cost.' })
  profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Return on labour cost, `(revenue − cost) / cost` over all logged hours, rounded to 4 places; null while the cost is 0.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, {
    description: 'Hours logged on the project (all time), the hours `revenue` and `cost` are summed over.',
  })
  hoursLogged!: string;

  @Field(() => DecimalScalar, {
    description: 'Hours logged on the project.',
    deprecationReason:
      'Use `hoursLogged`, the name `Project.hoursLogged` and analytics use. Removed in the next release.',
  })
  hours!: string;

  @Field(() => Money, {
    nullable: true,
    description: 'What the project bills per hour; null when no rate is set.',
  })
  hourlyRate!: Money | null;
}
