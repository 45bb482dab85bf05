import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Employee } from '../employees/employee.type';
import type { SecurityContext } from '../loaders';
import { userService } from './user.service';
import { User } from './user.type';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, {
    nullable: true,
    description:
      'The calling user; null for an API key (it acts for a tenant, not a person). UNAUTHENTICATED when anonymous.',
  })
  me(@Ctx() ctx: SecurityContext): Promise<User | null> {
    return userService.me(ctx);
  }

  @FieldResolver(() => Employee, {
    nullable: true,
    description:
      'The employee record this login belongs to (people subgraph); null for a non-employee login.',
  })
  employee(@Root() u: User): Employee | null {
    return u.employeeId ? Object.assign(new Employee(), { id: u.employeeId }) : null;
  }
}
