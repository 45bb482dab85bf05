import { type Connection, PageArgs, scopeFor } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Employee, EmployeeConnection } from '../employees/employee.type';
import type { PeopleContext } from '../loaders';
import { keepVisible, skillsVisible } from '../org-chart/visibility';
import {
  CreateSkillInput,
  SetEmployeeSkillInput,
  SkillRequirementInput,
  UpdateSkillInput,
} from './skill.input';
import { skillService } from './skill.service';
import { EmployeeSkill, Skill, SkillConnection } from './skill.type';

@Resolver(() => Skill)
export class SkillResolver {
  @Query(() => SkillConnection, {
    description: 'The skills catalogue, by name, Relay-paginated; `search` matches part of the name.',
  })
  skills(
    @Ctx() ctx: PeopleContext,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Case-insensitive substring of the skill name; all skills when omitted.',
    })
    search: string | null,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<Skill>> {
    return skillService.list(ctx, search ?? null, page);
  }

  @Query(() => Skill, { nullable: true, description: 'One catalogue skill, or null.' })
  skill(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the skill.' }) id: string,
  ): Promise<Skill | null> {
    return skillService.get(ctx, id);
  }

  @Query(() => EmployeeConnection, {
    description:
      'Employees (not terminated) holding ALL the listed skills, each at least at its minimum ' +
      'proficiency; Relay-paginated by id. Limited to the employees the caller may read.',
  })
  employeesBySkills(
    @Ctx() ctx: PeopleContext,
    @Arg('skills', () => [SkillRequirementInput], {
      description:
        'Every listed skill must be held at or above its minimum proficiency (1–20 requirements, each skill once).',
    })
    skills: SkillRequirementInput[],
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<Employee>> {
    return skillService.employeesBySkills(ctx, skills, page);
  }

  @Mutation(() => Skill, { description: 'Add a skill to the catalogue. Requires `skill:create:all`.' })
  createSkill(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateSkillInput, { description: 'Name and category of the new skill.' })
    input: CreateSkillInput,
  ): Promise<Skill> {
    return skillService.create(ctx, input);
  }

  @Mutation(() => Skill, {
    description: 'Rename or describe a catalogue skill. Requires `skill:update:all`.',
  })
  updateSkill(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the skill to change.' }) id: string,
    @Arg('input', () => UpdateSkillInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateSkillInput,
  ): Promise<Skill> {
    return skillService.update(ctx, id, input);
  }

  @Mutation(() => Boolean, {
    description: 'Delete a catalogue skill and remove it from every employee. Requires `skill:delete:all`.',
  })
  deleteSkill(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the skill to delete.' }) id: string,
  ): Promise<boolean> {
    return skillService.delete(ctx, id);
  }

  @Mutation(() => EmployeeSkill, {
    description:
      'Add or change a skill of an employee. Requires `skill:assign`: scope own lets employees maintain ' +
      'their own skills, team lets managers rate their reporting line, all is HR.',
  })
  setEmployeeSkill(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => SetEmployeeSkillInput, {
      description: 'The employee, the skill and the proficiency to record.',
    })
    input: SetEmployeeSkillInput,
  ): Promise<EmployeeSkill> {
    return skillService.setEmployeeSkill(ctx, input);
  }

  @Mutation(() => Boolean, {
    description: 'Remove a skill from an employee; false when they did not hold it. Requires `skill:assign`.',
  })
  removeEmployeeSkill(
    @Ctx() ctx: PeopleContext,
    @Arg('employeeId', () => ID, { description: 'Id of the employee.' }) employeeId: string,
    @Arg('skillId', () => ID, { description: 'Id of the skill to remove from them.' }) skillId: string,
  ): Promise<boolean> {
    return skillService.removeEmployeeSkill(ctx, employeeId, skillId);
  }
}

@Resolver(() => Employee)
export class EmployeeSkillsResolver {
  @FieldResolver(() => [EmployeeSkill], {
    nullable: true,
    description:
      'Skills the employee holds, by skill name. Batched across a page. Requires `skill:read`: own → ' +
      'yourself, team → your reporting line, all → anyone (others get null).',
  })
  async skills(@Root() e: Employee, @Ctx() ctx: PeopleContext): Promise<EmployeeSkill[] | null> {
    if (!scopeFor(ctx.identity, 'skill', 'read')) return null;
    const [seen] = keepVisible(await skillsVisible(ctx), [e], (x) => x.id);
    return seen ? ctx.loaders.skillsByEmployee.load(e.id) : null;
  }
}
