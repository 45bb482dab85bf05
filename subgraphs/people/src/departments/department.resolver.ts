import { type Connection, nullWhenForbidden, PageArgs, pageWindow } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Employee, EmployeeConnection } from '../employees/employee.type';
import type { PeopleContext } from '../loaders';
import { directoryVisible } from '../org-chart/visibility';
import { CreateDepartmentInput, UpdateDepartmentInput } from './department.input';
import { departmentService } from './department.service';
import { Department } from './department.type';

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => [Department], { description: 'All departments of the tenant, by name.' })
  departments(@Ctx() ctx: PeopleContext): Promise<Department[]> {
    return departmentService.list(ctx);
  }

  @Query(() => Department, { nullable: true, description: 'One department, or null when it does not exist.' })
  department(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the department.' }) id: string,
  ): Promise<Department | null> {
    return departmentService.get(ctx, id);
  }

  @Mutation(() => Department, { description: 'Create a department. Requires `department:create`.' })
  createDepartment(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateDepartmentInput, {
      description: 'Name, code and parent of the new department.',
    })
    input: CreateDepartmentInput,
  ): Promise<Department> {
    return departmentService.create(ctx, input);
  }

  @Mutation(() => Department, {
    description:
      'Change a department: name, parent (cycles rejected), head, cost centre. Requires `department:update`.',
  })
  updateDepartment(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the department to change.' }) id: string,
    @Arg('input', () => UpdateDepartmentInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateDepartmentInput,
  ): Promise<Department> {
    return departmentService.update(ctx, id, input);
  }

  @Mutation(() => Department, {
    description:
      'Move a department under another (or to the top level with `parentId: null`). Moving it under ' +
      'itself or its own sub-departments is rejected. Requires `department:update`.',
  })
  moveDepartment(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the department to move.' }) id: string,
    @Arg('parentId', () => ID, {
      nullable: true,
      description: 'The new parent department; null makes it a top-level department.',
    })
    parentId: string | null,
  ): Promise<Department> {
    return departmentService.update(ctx, id, { parentId: parentId ?? null });
  }

  @FieldResolver(() => Department, {
    nullable: true,
    description: 'Parent department; null at the top level.',
  })
  parent(@Root() d: Department, @Ctx() ctx: PeopleContext): Promise<Department | null> {
    return d.parentId ? ctx.loaders.departmentById.load(d.parentId) : Promise.resolve(null);
  }

  @FieldResolver(() => [Department], { description: 'Direct sub-departments, by name. Batched.' })
  children(@Root() d: Department, @Ctx() ctx: PeopleContext): Promise<Department[]> {
    ctx.authorize('department:read');
    return ctx.loaders.departmentsByParent.load(d.id);
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'The employee heading the department.' })
  async head(@Root() d: Department, @Ctx() ctx: PeopleContext): Promise<Employee | null> {
    if (!d.headEmployeeId) return null;
    // A directory field: null for a caller who may not see that employee at all.
    const visible = await directoryVisible(ctx);
    if (visible && !visible.has(d.headEmployeeId)) return null;
    return ctx.loaders.employeeById.load(d.headEmployeeId);
  }

  @FieldResolver(() => Int, {
    description:
      'Number of ACTIVE employees in the department; with `includeSubDepartments` the whole subtree. Batched.',
  })
  headcount(
    @Root() d: Department,
    @Ctx() ctx: PeopleContext,
    @Arg('includeSubDepartments', () => Boolean, {
      defaultValue: false,
      description: 'Also count members of sub-departments, at any depth.',
    })
    includeSubDepartments: boolean,
  ): Promise<number> {
    ctx.authorize('department:read');
    return ctx.loaders.departmentHeadcounts(includeSubDepartments).load(d.id);
  }

  @FieldResolver(() => EmployeeConnection, {
    nullable: true,
    description:
      'Members of this department (not sub-departments), Relay-paginated. Batched across departments. ' +
      'Requires `employee_directory:read` or `employee:read` at scope `all` (others get null).',
  })
  async employees(
    @Root() d: Department,
    @Ctx() ctx: PeopleContext,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<Employee> | null> {
    const { limit, after } = pageWindow(page);
    // The page is cut in SQL for many departments at once, so a caller who may see only part of
    // the directory (own / team) gets null rather than a page whose totalCount counts others.
    const visible = await nullWhenForbidden(() => directoryVisible(ctx).then((v) => v ?? 'all'));
    if (visible !== 'all') return null;
    return ctx.loaders.employeePagesByDepartment(limit, after).load(d.id);
  }
}
