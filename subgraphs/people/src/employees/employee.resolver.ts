import { type Connection, PageArgs, paginateList, pageWindow, RequiresPermission } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
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
  type AuditEntry,
  AuditEntryConnection,
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
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => EmployeeFilter, {
      nullable: true,
      description: 'Conditions every employee must meet; all visible employees when omitted.',
    })
    filter: EmployeeFilter | null,
    @Arg('orderBy', () => EmployeeOrderBy, {
      nullable: true,
      description: 'Listing order (default: RELEVANCE with `filter.search`, NAME otherwise).',
    })
    orderBy: EmployeeOrderBy | null,
  ): Promise<Connection<Employee>> {
    return employeeService.list(ctx, { ...page, filter, orderBy });
  }

  @Query(() => Employee, {
    nullable: true,
    description: 'One employee, or null when it does not exist for the caller.',
  })
  employee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee.' }) id: string,
  ): Promise<Employee | null> {
    return employeeService.get(ctx, id);
  }

  @Mutation(() => Employee, {
    description:
      'Hire an employee: allocates the employee number, records HIRE history. Requires `employee:create:all`.',
  })
  hireEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateEmployeeInput, {
      description: 'The new employee’s record: names, work email, department, position, hire date.',
    })
    input: CreateEmployeeInput,
  ): Promise<Employee> {
    return employeeService.hire(ctx, input);
  }

  @Mutation(() => Employee, {
    deprecationReason: 'Use hireEmployee.',
    description: 'Same as hireEmployee.',
  })
  createEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateEmployeeInput, {
      description: 'The new employee’s record (as for `hireEmployee`).',
    })
    input: CreateEmployeeInput,
  ): Promise<Employee> {
    return employeeService.hire(ctx, input);
  }

  @Mutation(() => Employee, {
    description:
      'Change record fields. `employee:update:all`, or `employee:update:own` for the contact fields of your own record.',
  })
  updateEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee to change.' }) id: string,
    @Arg('input', () => UpdateEmployeeInput, {
      description: 'The fields to change; omitted fields keep their value, null clears an optional one.',
    })
    input: UpdateEmployeeInput,
  ): Promise<Employee> {
    return employeeService.update(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description:
      'Move to another department and/or manager (TRANSFER history). Requires `employee:transfer:all`.',
  })
  transferEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee to transfer.' }) id: string,
    @Arg('input', () => TransferEmployeeInput, {
      description: 'The new department and/or manager and the effective date.',
    })
    input: TransferEmployeeInput,
  ): Promise<Employee> {
    return lifecycleService.transfer(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description: 'Change position and/or title (PROMOTION history). Requires `employee:promote:all`.',
  })
  promoteEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee to promote.' }) id: string,
    @Arg('input', () => PromoteEmployeeInput, {
      description: 'The new position and/or title and the effective date.',
    })
    input: PromoteEmployeeInput,
  ): Promise<Employee> {
    return lifecycleService.promote(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description:
      'ACTIVE → ON_LEAVE (LEAVE history). Requires `employee:leave:all`. For leave not tracked as a time-off request (sabbatical, suspension): approved time off sets ON_LEAVE itself on its first day (work’s `work.time_off.approved`), and its return job never ends a manual leave.',
  })
  startLeave(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee going on leave.' }) id: string,
    @Arg('input', () => StartLeaveInput, { description: 'When the leave starts and why.' })
    input: StartLeaveInput,
  ): Promise<Employee> {
    return lifecycleService.startLeave(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description:
      'ON_LEAVE → ACTIVE (RETURN history). Requires `employee:leave:all`. Also ends leave started by approved time off early; otherwise that leave ends by itself the day after its last day.',
  })
  returnFromLeave(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee coming back.' }) id: string,
    @Arg('input', () => ReturnFromLeaveInput, { description: 'The day they are back.' })
    input: ReturnFromLeaveInput,
  ): Promise<Employee> {
    return lifecycleService.returnFromLeave(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description:
      'End the employment (TERMINATION history); not before the hire date. Requires `employee:terminate:all`.',
  })
  terminateEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee leaving.' }) id: string,
    @Arg('input', () => TerminateEmployeeInput, { description: 'The last day and the reason.' })
    input: TerminateEmployeeInput,
  ): Promise<Employee> {
    return lifecycleService.terminate(ctx, id, input);
  }

  @Mutation(() => Employee, {
    description: 'Employ a terminated employee again (REHIRE history). Requires `employee:rehire:all`.',
  })
  rehireEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the former (terminated) employee.' }) id: string,
    @Arg('input', () => RehireEmployeeInput, {
      description: 'The rehire date and the new department, position and terms.',
    })
    input: RehireEmployeeInput,
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

  @FieldResolver(() => EmployeeConnection, {
    description:
      'People who report directly to this employee and whom the caller may see, Relay-paginated: by default only current staff (ACTIVE and ON_LEAVE); former employees who still name this manager are included with `includeTerminated: true`.',
  })
  async directReports(
    @Root() e: Employee,
    @Ctx() ctx: PeopleContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('includeTerminated', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'Also list TERMINATED employees whose last manager this was.',
    })
    includeTerminated: boolean | null,
  ): Promise<Connection<Employee>> {
    pageWindow(page);
    const visible = await directoryVisible(ctx);
    const reports = await ctx.loaders.employeesByManager.load(e.id);
    const listed = keepVisible(
      visible,
      includeTerminated === true ? reports : reports.filter((r) => r.status !== 'TERMINATED'),
      (x) => x.id,
    );
    return paginateList(listed, page, (x) => x.id);
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
  @FieldResolver(() => AuditEntryConnection, {
    nullable: true,
    description: 'Append-only audit trail of every change and sensitive read, newest first, Relay-paginated.',
  })
  auditTrail(
    @Root() e: Employee,
    @Ctx() ctx: PeopleContext,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<AuditEntry>> {
    return employeeService.auditTrail(ctx, e.id, page);
  }
}
