import { type Connection, pageWindow } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Employee, EmployeeConnection } from '../employees/employee.type';
import type { PeopleContext } from '../loaders';
import { CreateDepartmentInput } from './department.input';
import { departmentService } from './department.service';
import { Department } from './department.type';

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => [Department], { description: 'All departments of the tenant, by name.' })
  departments(@Ctx() ctx: PeopleContext): Promise<Department[]> {
    return departmentService.list(ctx);
  }

  @Query(() => Department, { nullable: true })
  department(@Ctx() ctx: PeopleContext, @Arg('id', () => ID) id: string): Promise<Department | null> {
    return departmentService.get(ctx, id);
  }

  @Mutation(() => Department, { description: 'Create a department. Requires `department:create`.' })
  createDepartment(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateDepartmentInput) input: CreateDepartmentInput,
  ): Promise<Department> {
    return departmentService.create(ctx, input);
  }

  @FieldResolver(() => Department, {
    nullable: true,
    description: 'Parent department; null at the top level.',
  })
  parent(@Root() d: Department, @Ctx() ctx: PeopleContext): Promise<Department | null> {
    return d.parentId ? ctx.loaders.departmentById.load(d.parentId) : Promise.resolve(null);
  }

  @FieldResolver(() => EmployeeConnection, {
    description:
      'Members of this department (not sub-departments), Relay-paginated. Batched across departments.',
  })
  employees(
    @Root() d: Department,
    @Ctx() ctx: PeopleContext,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<Employee>> {
    ctx.authorize('employee:read');
    const page = pageWindow({ first, after });
    return ctx.loaders.employeePagesByDepartment(page.limit, page.after).load(d.id);
  }
}
