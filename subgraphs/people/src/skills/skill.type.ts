import { connectionType, DateScalar, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType('Skill', { description: 'An entry of the tenant’s skills catalogue.' })
export class Skill {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Unique within the tenant (case-insensitive).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Grouping, e.g. "Languages", "Cloud".' })
  category!: string | null;

  @Field(() => String, { nullable: true, description: 'What the skill covers.' })
  description!: string | null;

  tenantId!: string;

  @Field(() => DateTimeScalar, { description: 'When the record was created.' })
  createdAt!: Date;
}

@ObjectType('EmployeeSkill', { description: 'A skill an employee holds, with proficiency and recency.' })
export class EmployeeSkill {
  @Field(() => Skill, { description: 'The catalogue skill.' })
  skill!: Skill;

  @Field(() => Int, { description: 'Proficiency from 1 (novice) to 5 (expert).' })
  proficiency!: number;

  @Field(() => DateScalar, { nullable: true, description: 'When the skill was last used; null if unknown.' })
  lastUsedOn!: string | null;

  @Field(() => DateTimeScalar, { description: 'When this entry last changed.' })
  updatedAt!: Date;

  /** Not exposed: the holder (the parent `Employee`). */
  employeeId!: string;
}

export const SkillConnection = connectionType(Skill, 'Skill');
