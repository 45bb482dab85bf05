import { type Connection, RequiresPermission } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../departments/department.type';
import type { PeopleContext } from '../loaders';
import { directoryVisible, keepVisible } from '../org-chart/visibility';
import { fullRecord, sensitiveRecord } from './employee.access';
import {
  CreateEmployeeInput,
  EmployeeFilter,
  EmployeeOrderBy,
  PromoteEmployeeInput,
  RehireEmployeeInput,
  ReturnFromLeaveInput,
  StartLeaveInput,
  TerminateEmployeeInput,
  TransferEmployeeInput,
  UpdateEmployeeInput,
} from './employee.input';
import { lifecycleService } from './employee.lifecycle';
import { decryptField, maskBankAccount, maskNationalId } from './employee.records';
import { employeeService } from './employee.service';
import {
  AuditEntry,
  EmergencyContact,
  Employee,
  EmployeeConnection,
  EmployeeHistoryEntry,
} from './employee.type';

@Resolver(() => Employee)
export class EmployeeResolver {
  @Query(() => EmployeeConnection, {
    description:
      'Employees, Relay-paginated: searchable (typo-tolerant), filterable, ordered by name, hire date or relevance. Needs `employee_directory:read` or `employee:read`.',
  })
  employees(
    @Ctx() ctx: PeopleContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0–100 (default 20).' }) first:
      | number
      | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from a previous page.' })
    after: string | null,
    @Arg('filter', () => EmployeeFilter, { nullable: true }) filter: EmployeeFilter | null,
    @Arg('orderBy', () => EmployeeOrderBy, { nullable: true }) orderBy: EmployeeOrderBy | null,
  ): Promise<Connection<Employee>> {
    return employeeService.list(ctx, { first, after, filter, orderBy });
  }

  @Query(() => Employee, {
    nullable: true,
    description: 'One employee, or null when it does not exist for the caller.',
  })
  employee(@Ctx() ctx: PeopleContext, @Arg('id', () => ID) id: string): Promise<Employee | null> {
    return employeeService.get(ctx, id);
  }

  @Mutation(() => Employee, {
    description:
      'Hire an employee: allocates the employee number, records HIRE history. Requires `employee:create:all`.',
  })
  hireEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateEmployeeInput) input: CreateEmployeeInput,
  ): Promise<Employee> {
    return employeeService.hire(ctx, input);
  }

  @Mutation(() => Employee, {
    deprecationReason: 'Use hireEmployee.',
    description: 'Same as hireEmployee.',
  })
  createEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateEmployeeInput) input: CreateEmployeeInput,
  ): Promise<Employee> {
    return employeeService.hire(ctx, input);
  }

  @Mutation(() => Employee, {
    description:
      'Change record fields. `employee:update:all`, or `employee:update:own` for the contact fields of your own record.',
  })
  updateEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateEmployeeInput) input: UpdateEmployeeInput,
  ): Promise<Employee> {
    return employeeService.update(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description:
      'Move to another department and/or manager (TRANSFER history). Requires `employee:transfer:all`.',
  })
  transferEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => TransferEmployeeInput) input: TransferEmployeeInput,
  ): Promise<Employee> {
    return lifecycleService.transfer(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description: 'Change position and/or title (PROMOTION history). Requires `employee:promote:all`.',
  })
  promoteEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => PromoteEmployeeInput) input: PromoteEmployeeInput,
  ): Promise<Employee> {
    return lifecycleService.promote(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description: 'ACTIVE → ON_LEAVE (LEAVE history). Requires `employee:leave:all`.',
  })
  startLeave(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => StartLeaveInput) input: StartLeaveInput,
  ): Promise<Employee> {
    return lifecycleService.startLeave(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description: 'ON_LEAVE → ACTIVE (RETURN history). Requires `employee:leave:all`.',
  })
  returnFromLeave(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReturnFromLeaveInput) input: ReturnFromLeaveInput,
  ): Promise<Employee> {
    return lifecycleService.returnFromLeave(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description:
      'End the employment (TERMINATION history); not before the hire date. Requires `employee:terminate:all`.',
  })
  terminateEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => TerminateEmployeeInput) input: TerminateEmployeeInput,
  ): Promise<Employee> {
    return lifecycleService.terminate(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description: 'Employ a terminated employee again (REHIRE history). Requires `employee:rehire:all`.',
  })
  rehireEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RehireEmployeeInput) input: RehireEmployeeInput,
  ): Promise<Employee> {
    return lifecycleService.rehire(ctx, id, input);
  }

  @FieldResolver(() => String, { description: 'Preferred (or first) name and last name.' })
  displayName(@Root() e: Employee): string {
    return `${e.preferredName ?? e.firstName} ${e.lastName}`;
  }

  @FieldResolver(() => Department, { description: 'The department the employee belongs to.' })
  department(@Root() e: Employee, @Ctx() ctx: PeopleContext): Promise<Department | null> {
    return ctx.loaders.departmentById.load(e.departmentId);
  }

  @FieldResolver(() => Employee, {
    nullable: true,
    description: 'Line manager; null at the top of the tree.',
  })
  manager(@Root() e: Employee, @Ctx() ctx: PeopleContext): Promise<Employee | null> {
    return employeeService.manager(ctx, e);
  }

  @FieldResolver(() => [Employee], {
    description:
      'People who report directly to this employee and whom the caller may see: by default only current staff (ACTIVE and ON_LEAVE); former employees who still name this manager are included with `includeTerminated: true`.',
  })
  async directReports(
    @Root() e: Employee,
    @Ctx() ctx: PeopleContext,
    @Arg('includeTerminated', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'Also list TERMINATED employees whose last manager this was.',
    })
    includeTerminated: boolean | null,
  ): Promise<Employee[]> {
    const visible = await directoryVisible(ctx);
    const reports = await ctx.loaders.employeesByManager.load(e.id);
    return keepVisible(
      visible,
      includeTerminated === true ? reports : reports.filter((r) => r.status !== 'TERMINATED'),
      (x) => x.id,
    );
  }

  @RequiresPermission('employee_sensitive:read', sensitiveRecord(maskNationalId))
  @FieldResolver(() => String, { nullable: true, description: 'National id / SSN (encrypted at rest).' })
  nationalId(@Root() e: Employee): Promise<string | null> {
    return decryptField(e, 'nationalId');
  }

  @RequiresPermission('employee_sensitive:read', sensitiveRecord(maskBankAccount))
  @FieldResolver(() => String, { nullable: true, description: 'Bank account / IBAN (encrypted at rest).' })
  bankAccount(@Root() e: Employee): Promise<string | null> {
    return decryptField(e, 'bankAccount');
  }

  @RequiresPermission(
    'employee_sensitive:read',
    sensitiveRecord<EmergencyContact>((c) => ({
      name: '***',
      relationship: null,
      phone: `***${c.phone.replace(/\D/g, '').slice(-2)}`,
    })),
  )
  @FieldResolver(() => EmergencyContact, {
    nullable: true,
    description: 'Emergency contact (encrypted at rest).',
  })
  async emergencyContact(@Root() e: Employee): Promise<EmergencyContact | null> {
    const json = await decryptField(e, 'emergencyContact');
    return json ? (JSON.parse(json) as EmergencyContact) : null;
  }

  @RequiresPermission('employee:read', fullRecord)
  @FieldResolver(() => [EmployeeHistoryEntry], {
    nullable: true,
    description:
      'Effective-dated employment history (hire, transfers, promotions, leave, termination, rehire), oldest first.',
  })
  history(@Root() e: Employee, @Ctx() ctx: PeopleContext): Promise<EmployeeHistoryEntry[]> {
    return ctx.loaders.employeeHistory.load(e.id);
  }

  @RequiresPermission('employee:read', { denied: 'null' })
  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description: 'Append-only audit trail of every change and sensitive read, newest first.',
  })
  auditTrail(
    @Root() e: Employee,
    @Ctx() ctx: PeopleContext,
    @Arg('first', () => Int, { nullable: true, description: 'At most this many (default 50, max 500).' })
    first: number | null,
  ): Promise<AuditEntry[]> {
    return employeeService.auditTrail(ctx, e.id, Math.min(Math.max(first ?? 50, 0), 500));
  }
}
