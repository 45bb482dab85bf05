import { employeeSkills, skills } from '@wg/db/people';
import type { LoaderContext } from '@wg/runtime';
import { groupedLoader, isUuid, keyedLoader } from '@wg/runtime';
import { asc, eq, inArray } from 'drizzle-orm';
import type { EmployeeSkill, Skill } from './skill.type';

export const skillById = (ctx: LoaderContext) =>
  keyedLoader<string, Skill>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(skills)
          .where(inArray(skills.id, ids.filter(isUuid))),
      ),
    (s) => s.id,
  );

/** `Employee.skills` for a whole page in one statement (skills joined in), by skill name. */
export const skillsByEmployee = (ctx: LoaderContext) =>
  groupedLoader<string, EmployeeSkill>(
    async (ids) => {
      const rows = await ctx.tx((tx) =>
        tx
          .select({ es: employeeSkills, skill: skills })
          .from(employeeSkills)
          .innerJoin(skills, eq(skills.id, employeeSkills.skillId))
          .where(inArray(employeeSkills.employeeId, ids.filter(isUuid)))
          .orderBy(asc(employeeSkills.employeeId), asc(skills.name)),
      );
      return rows.map((r) => ({
        employeeId: r.es.employeeId,
        proficiency: r.es.proficiency,
        lastUsedOn: r.es.lastUsedOn,
        updatedAt: r.es.updatedAt,
        skill: r.skill,
      }));
    },
    (r) => r.employeeId,
  );
