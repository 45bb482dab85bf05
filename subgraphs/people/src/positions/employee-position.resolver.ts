import { nullWhenForbidden } from '@wg/runtime';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Employee } from '../employees/employee.type';
import type { PeopleContext } from '../loaders';
import { Position } from './position.type';

/** The employee row as loaded from the table; `positionId` is not a GraphQL field of its own. */
type EmployeeRow = Employee & { positionId?: string | null };

@Resolver(() => Employee)
export class EmployeePositionResolver {
  @FieldResolver(() => Position, {
    nullable: true,
    description:
      'The position the employee holds; null when none. Batched across a page. Requires `position:read` (others get null).',
  })
  position(@Root() e: EmployeeRow, @Ctx() ctx: PeopleContext): Promise<Position | null> {
    const positionId = e.positionId;
    if (!positionId) return Promise.resolve(null);
    return nullWhenForbidden(() => {
      ctx.authorize('position:read');
      return ctx.loaders.positionById.load(positionId);
    });
  }
}
