import { type Employee, employeeStub } from './employee.type';

/**
 * Federation entry point for `Employee { id }`: work stores nothing about employees beyond their
 * timesheets, so the stub needs no database (the fields resolve their own data, batched).
 */
export const resolveEmployeeReference = (ref: Pick<Employee, 'id'>): Employee => employeeStub(ref.id);
