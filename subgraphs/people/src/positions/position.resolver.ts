import { type Connection, nullWhenForbidden, PageArgs, paginateList, pageWindow } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../departments/department.type';
import type { PeopleContext } from '../loaders';
import { CreatePositionInput, PositionFilter, UpdatePositionInput } from './position.input';
import { positionService } from './position.service';
import { Position, PositionConnection } from './position.type';

@Resolver(() => Position)
export class PositionResolver {
  @Query(() => PositionConnection, { description: 'Positions of the tenant, Relay-paginated.' })
  positions(
    @Ctx() ctx: PeopleContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => PositionFilter, {
      nullable: true,
      description: 'Conditions every position must meet; all positions when omitted.',
    })
    filter: PositionFilter | null,
  ): Promise<Connection<Position>> {
    return positionService.list(ctx, { ...page, filter });
  }

  @Query(() => Position, { nullable: true, description: 'One position, or null when it does not exist.' })
  position(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the position.' }) id: string,
  ): Promise<Position | null> {
    return positionService.get(ctx, id);
  }

  @Mutation(() => Position, { description: 'Create a position. Requires `position:create:all`.' })
  createPosition(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreatePositionInput, {
      description: 'Title, department, job family and level of the new position.',
    })
    input: CreatePositionInput,
  ): Promise<Position> {
    return positionService.create(ctx, input);
  }

  @Mutation(() => Position, { description: 'Change a position. Requires `position:update:all`.' })
  updatePosition(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the position to change.' }) id: string,
    @Arg('input', () => UpdatePositionInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdatePositionInput,
  ): Promise<Position> {
    return positionService.update(ctx, id, input);
  }

  @Mutation(() => Boolean, {
    description:
      'Delete a position no employee holds or held (CONFLICT otherwise). Requires `position:delete:all`.',
  })
  deletePosition(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the position to delete.' }) id: string,
  ): Promise<boolean> {
    return positionService.delete(ctx, id);
  }

  @FieldResolver(() => Department, { nullable: true, description: 'The department the position belongs to.' })
  department(@Root() p: Position, @Ctx() ctx: PeopleContext): Promise<Department | null> {
    return ctx.loaders.departmentById.load(p.departmentId);
  }

  @FieldResolver(() => Int, {
    description: 'Seats taken: employees in this position who have not left (ACTIVE or ON_LEAVE). Batched.',
  })
  filledSeats(@Root() p: Position, @Ctx() ctx: PeopleContext): Promise<number> {
    return ctx.loaders.filledSeatsByPosition.load(p.id);
  }

  @FieldResolver(() => Int, { description: 'Approved seats not yet filled (never below 0). Batched.' })
  async openSeats(@Root() p: Position, @Ctx() ctx: PeopleContext): Promise<number> {
    const filled = await ctx.loaders.filledSeatsByPosition.load(p.id);
    return Math.max(0, p.approvedSeats - filled);
  }
}

@Resolver(() => Department)
export class DepartmentPositionsResolver {
  @FieldResolver(() => PositionConnection, {
    nullable: true,
    description:
      'Positions in this department, by title, Relay-paginated. Batched across departments. Requires `position:read` (others get null).',
  })
  async positions(
    @Root() d: Department,
    @Ctx() ctx: PeopleContext,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<Position> | null> {
    pageWindow(page);
    return nullWhenForbidden(async () => {
      ctx.authorize('position:read');
      return paginateList(await ctx.loaders.positionsByDepartment.load(d.id), page, (p) => p.id);
    });
  }
}
