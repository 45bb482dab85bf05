import type { PeopleContext } from '../loaders';
import type { Position } from './position.type';

/** Federation entry point: `Position { id }` stubs from other subgraphs resolve here, batched. */
export const resolvePositionReference = (ref: Pick<Position, 'id'>, ctx: PeopleContext) => {
  ctx.authorize('position:read');
  return ctx.loaders.positionById.load(ref.id);
};
