import type { PeopleContext } from '../loaders';
import { readAccess } from './employee.access';
import type { Employee } from './employee.type';

/**
 * Federation entry point: `Employee { id }` from other subgraphs, batched through the loader.
 * Directory readers resolve anyone; non-directory fields stay guarded per field.
 */
export const resolveEmployeeReference = async (ref: Pick<Employee, 'id'>, ctx: PeopleContext) => {
  readAccess(ctx);
  return ctx.loaders.employeeById.load(ref.id);
};
