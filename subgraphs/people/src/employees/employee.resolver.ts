import type { Connection } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../departments/department.type';
import type { PeopleContext } from '../loaders';
import { CreateEmployeeInput, EmployeeFilter } from './employee.input';
import { employeeService } from './employee.service';
import { Employee, EmployeeConnection } from './employee.type';

@Resolver(() => Employee)
export class EmployeeResolver {
  @Query(() => EmployeeConnection, {
    description: 'Employees visible to the caller, oldest first, Relay-paginated.',
  })
  employees(
    @Ctx() ctx: PeopleContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0–100 (default 20).' }) first:
      | number
      | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => EmployeeFilter, { nullable: true }) filter: EmployeeFilter | null,
  ): Promise<Connection<Employee>> {
    return employeeService.list(ctx, { first, after, filter });
  }

  @Query(() => Employee, {
    nullable: true,
    description: 'One employee, or null when it does not exist for the caller.',
  })
  employee(@Ctx() ctx: PeopleContext, @Arg('id', () => ID) id: string): Promise<Employee | null> {
    return employeeService.get(ctx, id);
  }

  @Mutation(() => Employee, { description: 'Hire an employee. Requires `employee:create`.' })
  createEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateEmployeeInput) input: CreateEmployeeInput,
  ): Promise<Employee> {
    return employeeService.create(ctx, input);
  }

  @FieldResolver(() => String, { description: 'First and last name.' })
  displayName(@Root() e: Employee): string {
    return `${e.firstName} ${e.lastName}`;
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

  @FieldResolver(() => [Employee], { description: 'People who report directly to this employee.' })
  directReports(@Root() e: Employee, @Ctx() ctx: PeopleContext): Promise<Employee[]> {
    return ctx.loaders.employeesByManager.load(e.id);
  }
}
