import { type Department, departmentStub } from './department.type';

/** Federation entry point for `Department { id }`: a stub, no database (see `projects`). */
export const resolveDepartmentReference = (ref: Pick<Department, 'id'>): Department => departmentStub(ref.id);
