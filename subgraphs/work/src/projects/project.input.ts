import { Field, ID, InputType } from 'type-graphql';
import { ProjectStatus } from './project.type';

@InputType('CreateProjectInput', { description: 'A new project.' })
export class CreateProjectInput {
  @Field(() => String, { description: 'Display name, 1–200 characters.' })
  name!: string;

  @Field(() => String, {
    description:
      'Short code, unique within the tenant: 2–32 letters, digits, `-` or `_`. Stored upper-case, so codes are unique regardless of case.',
  })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Free-text summary, at most 2000 characters.' })
  description?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The owning department (a people Department of the same tenant).',
  })
  departmentId?: string | null;

  /** Declared as String so a malformed date reaches validation and is reported as `input.startDate`. */
  @Field(() => String, { nullable: true, description: 'First day, YYYY-MM-DD.' })
  startDate?: string | null;

  /** Declared as String for the same reason as `startDate`. */
  @Field(() => String, { nullable: true, description: 'Last day, YYYY-MM-DD; on or after `startDate`.' })
  endDate?: string | null;

  @Field(() => ProjectStatus, { nullable: true, description: 'Initial status; ACTIVE when omitted.' })
  status?: ProjectStatus | null;
}

@InputType('ProjectFilter', { description: 'Narrow a project listing. All given conditions must hold.' })
export class ProjectFilter {
  @Field(() => ID, { nullable: true, description: 'Only projects of this department.' })
  departmentId?: string | null;

  @Field(() => ProjectStatus, { nullable: true, description: 'Only projects in this status.' })
  status?: ProjectStatus | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive match on name or code.' })
  search?: string | null;
}

@InputType('MoneyInput', { description: 'An amount of money in a currency.' })
export class MoneyInput {
  /** Declared as String so a malformed amount is reported by validation, naming the field. */
  @Field(() => String, {
    description: 'Exact non-negative amount, at most 12 digits and 2 decimal places, e.g. "120000.00".',
  })
  amount!: string;

  @Field(() => String, { description: 'ISO-4217 currency code, e.g. "EUR".' })
  currency!: string;
}

@InputType('UpdateProjectInput', {
  description: 'Changes to a project: only the fields given change; `null` clears an optional field.',
})
export class UpdateProjectInput {
  @Field(() => String, { nullable: true, description: 'Display name, 1–200 characters.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Free-text summary, at most 2000 characters.' })
  description?: string | null;

  /** Declared as String so a malformed date reaches validation and is reported as `input.startDate`. */
  @Field(() => String, { nullable: true, description: 'First day, YYYY-MM-DD.' })
  startDate?: string | null;

  /** Declared as String for the same reason as `startDate`. */
  @Field(() => String, { nullable: true, description: 'Last day, YYYY-MM-DD; on or after `startDate`.' })
  endDate?: string | null;

  @Field(() => ProjectStatus, {
    nullable: true,
    description:
      'New status. Allowed moves: PLANNED → ACTIVE | CANCELLED; ACTIVE → ON_HOLD | COMPLETED | CANCELLED; ON_HOLD → ACTIVE | COMPLETED | CANCELLED. COMPLETED and CANCELLED are final (CONFLICT), and close the project for time logging.',
  })
  status?: ProjectStatus | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Planned spend; `null` removes the budget.' })
  budget?: MoneyInput | null;
}
