import { DateScalar } from '@wg/runtime';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('CreateSkillInput', { description: 'A new catalogue skill.' })
export class CreateSkillInput {
  @Field(() => String, { description: 'Unique within the tenant (case-insensitive).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Grouping, e.g. "Languages"; null clears it.' })
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Free-text description; null clears it.' })
  description?: string | null;
}

@InputType('UpdateSkillInput', {
  description: 'Changes to a catalogue skill; omitted fields stay, null clears.',
})
export class UpdateSkillInput {
  @Field(() => String, { nullable: true, description: 'Skill name, unique within the tenant.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Grouping, e.g. "Languages"; null clears it.' })
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Free-text description; null clears it.' })
  description?: string | null;
}

@InputType('SetEmployeeSkillInput', { description: 'Adds a skill to an employee or changes it.' })
export class SetEmployeeSkillInput {
  @Field(() => ID, { description: 'The employee.' })
  employeeId!: string;

  @Field(() => ID, { description: 'A catalogue skill.' })
  skillId!: string;

  @Field(() => Int, { description: 'Proficiency from 1 (novice) to 5 (expert).' })
  proficiency!: number;

  @Field(() => DateScalar, { nullable: true, description: 'When last used; not in the future.' })
  lastUsedOn?: string | null;
}

@InputType('SkillRequirementInput', { description: 'A skill an employee must hold, at least this well.' })
export class SkillRequirementInput {
  @Field(() => ID, { description: 'A catalogue skill.' })
  skillId!: string;

  @Field(() => Int, { defaultValue: 1, description: 'Minimum proficiency, 1–5 (default 1).' })
  minProficiency!: number;
}
