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
      'The login of this employee, if they have one. Your own always; anyone else’s needs `user:read`. Batched.',
  })
  user(@Root() e: Employee, @Ctx() ctx: SecurityContext): Promise<User | null> {
    return userService.forEmployee(ctx, e.id);
  }
}
