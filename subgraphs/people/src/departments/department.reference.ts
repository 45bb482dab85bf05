import type { PeopleContext } from '../loaders';
import type { Department } from './department.type';

/** Federation entry point: other subgraphs' `Department { id }` stubs resolve here, batched. */
export const resolveDepartmentReference = (ref: Pick<Department, 'id'>, ctx: PeopleContext) => {
  ctx.authorize('department:read');
  return ctx.loaders.departmentById.load(ref.id);
};
