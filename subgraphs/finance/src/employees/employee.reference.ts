import type { FinanceContext } from '../loaders';
import { Employee } from './employee.type';

/**
 * Federation entry point for `Employee { id }`: finance holds no employee row to load, and the
 * stub carries nothing sensitive; every finance field checks its own permission and the tenant.
 */
export const resolveEmployeeReference = (ref: Pick<Employee, 'id'>, ctx: FinanceContext) => {
  ctx.tenantId();
  return Employee.ref(ref.id);
};
