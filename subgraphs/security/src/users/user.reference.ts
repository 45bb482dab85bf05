import type { SecurityContext } from '../loaders';
import { userService } from './user.service';
import type { User } from './user.type';

/** Federation entry point: `User { id }` from other subgraphs, batched through the loader. */
export const resolveUserReference = (ref: Pick<User, 'id'>, ctx: SecurityContext) =>
  userService.get(ctx, ref.id);
