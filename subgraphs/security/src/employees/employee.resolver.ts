import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { userService } from '../users/user.service';
import { User } from '../users/user.type';
import { Employee } from './employee.type';

@Resolver(() => Employee)
export class EmployeeResolver {
  @FieldResolver(() => User, {
    nullable: true,
    description:
      'The login of this employee, if they have one; your own always. Batched. Requires `user:read` at scope `all` for anyone else’s (others get null).',
  })
  user(@Root() e: Employee, @Ctx() ctx: SecurityContext): Promise<User | null> {
    return userService.forEmployee(ctx, e.id);
  }
}
