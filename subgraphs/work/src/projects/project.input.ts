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
