import { DateScalar, DateTimeScalar, Money } from '@wg/runtime';
import { Field, ObjectType } from 'type-graphql';
import { Project } from '../projects/project.type';

@ObjectType('ProjectBillingRate', { description: 'What a project bills per hour of work logged on it.' })
export class ProjectBillingRate {
  @Field(() => Project, { description: 'The project billed.' })
  project!: Project;

  @Field(() => Money, { description: 'Amount billed per logged hour, in the reporting currency.' })
  hourlyRate!: Money;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day the rate applies to (null: from the beginning), until the next rate’s.',
  })
  effectiveFrom!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the rate was last set.' })
  updatedAt!: Date;
}

export const toProjectBillingRate = (row: {
  projectId: string;
  hourlyRate: string;
  currency: string;
  updatedAt: Date;
  effectiveFrom?: string | null;
}): ProjectBillingRate =>
  Object.assign(new ProjectBillingRate(), {
    project: Project.ref(row.projectId),
    hourlyRate: Money.of(row.hourlyRate, row.currency),
    effectiveFrom: row.effectiveFrom ?? null,
    updatedAt: row.updatedAt,
  });
