import { type Connection, nullWhenForbidden, PageArgs } from '@wg/runtime';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkContext } from '../loaders';
import { projectService } from '../projects/project.service';
import { type Project, ProjectConnection } from '../projects/project.type';
import { Department } from './department.type';

/** Fields work adds to people's Department. */
@Resolver(() => Department)
export class DepartmentResolver {
  @FieldResolver(() => ProjectConnection, {
    nullable: true,
    description:
      'Projects owned by this department, by name, Relay-paginated. Batched across departments. Requires `project:read` (others get null).',
  })
  projects(
    @Root() d: Department,
    @Ctx() ctx: WorkContext,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<Project> | null> {
    return nullWhenForbidden(() => projectService.forDepartment(ctx, d.id, page));
  }
}
