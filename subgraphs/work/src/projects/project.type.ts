import type { projectStatuses } from '@wg/db/work';
import { connectionType, DateScalar, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** The database's project statuses as a GraphQL enum; `satisfies` keeps the two lists identical. */
export const ProjectStatus = {
  PLANNED: 'PLANNED',
  ACTIVE: 'ACTIVE',
  ON_HOLD: 'ON_HOLD',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
} as const satisfies { [S in (typeof projectStatuses)[number]]: S };
export type ProjectStatus = (typeof ProjectStatus)[keyof typeof ProjectStatus];
registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: 'Where a project is in its lifecycle. Time can be logged unless it is COMPLETED or CANCELLED.',
  valuesConfig: {
    PLANNED: { description: 'Agreed but not started.' },
    ACTIVE: { description: 'Work is under way.' },
    ON_HOLD: { description: 'Paused; time can still be logged.' },
    COMPLETED: { description: 'Finished; closed for time logging.' },
    CANCELLED: { description: 'Stopped before completion; closed for time logging.' },
  },
});

/** The status moves `updateProject` allows; COMPLETED and CANCELLED are final. */
export const PROJECT_TRANSITIONS: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  PLANNED: ['ACTIVE', 'CANCELLED'],
  ACTIVE: ['ON_HOLD', 'COMPLETED', 'CANCELLED'],
  ON_HOLD: ['ACTIVE', 'COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

/** Statuses in which a project no longer accepts timesheet entries. */
export const CLOSED_PROJECT_STATUSES: readonly ProjectStatus[] = [
  ProjectStatus.COMPLETED,
  ProjectStatus.CANCELLED,
];

@Directive('@key(fields: "id")')
@ObjectType('Project', { description: 'A body of work people log time against, owned by the work subgraph.' })
export class Project {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Field(() => String, {
    description: 'Short code, unique within the tenant, stored upper-case (e.g. `WEB-2026`).',
  })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Free-text summary of the project.' })
  description!: string | null;

  @Field(() => ProjectStatus, { description: 'Lifecycle status.' })
  status!: ProjectStatus;

  @Field(() => DateScalar, { nullable: true, description: 'Planned or actual first day.' })
  startDate!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Planned or actual last day; never before `startDate`.',
  })
  endDate!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the project was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the project was last changed.' })
  updatedAt!: Date;

  /** Not exposed: resolved to `department` (a people-owned entity) by the resolver. */
  departmentId!: string | null;

  /** Not exposed: the row's budget columns, resolved to `budget`. */
  budgetAmount!: string | null;
  budgetCurrency!: string | null;

  tenantId!: string;
}

export const ProjectConnection = connectionType(Project, 'Project');
