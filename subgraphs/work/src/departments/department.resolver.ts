import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkContext } from '../loaders';
import { projectService } from '../projects/project.service';
import { Project } from '../projects/project.type';
import { Department } from './department.type';

/** Fields work adds to people's Department. */
@Resolver(() => Department)
export class DepartmentResolver {
  @FieldResolver(() => [Project], {
    description:
      'Projects owned by this department, by name. Requires `project:read`. Batched across departments.',
  })
  projects(@Root() d: Department, @Ctx() ctx: WorkContext): Promise<Project[]> {
    return projectService.forDepartment(ctx, d.id);
  }
}
