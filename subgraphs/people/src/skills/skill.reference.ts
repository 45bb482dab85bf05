import type { PeopleContext } from '../loaders';
import type { Skill } from './skill.type';

/** Federation entry point: `Skill { id }` stubs from other subgraphs resolve here, batched. */
export const resolveSkillReference = (ref: Pick<Skill, 'id'>, ctx: PeopleContext) => {
  ctx.authorize('skill:read');
  return ctx.loaders.skillById.load(ref.id);
};
