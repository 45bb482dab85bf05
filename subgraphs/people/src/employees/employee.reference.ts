import type { PeopleContext } from '../loaders';
import type { Employee } from './employee.type';

/** Federation entry point: `Employee { id }` from other subgraphs, batched through the loader. */
export const resolveEmployeeReference = (ref: Pick<Employee, 'id'>, ctx: PeopleContext) => {
  ctx.authorize('employee:read');
  return ctx.loaders.employeeById.load(ref.id);
};
