import type { WorkContext } from '../loaders';
import { projectService } from './project.service';
import type { Project } from './project.type';

/** Federation entry point: other subgraphs' `Project { id }` stubs resolve here, batched. */
export const resolveProjectReference = (ref: Pick<Project, 'id'>, ctx: WorkContext) =>
  projectService.get(ctx, ref.id);
