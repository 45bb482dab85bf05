import { Field, Int, ObjectType } from 'type-graphql';
import { User } from '../users/user.type';

@ObjectType('AuthPayload', { description: 'The result of a successful login.' })
export class AuthPayload {
  @Field(() => String, {
    description: 'Short-lived JWT to send as `Authorization: Bearer <token>` on every request.',
  })
  accessToken!: string;

  @Field(() => String, {
    description: 'Opaque long-lived token (30 days) for obtaining new access tokens. Store it securely.',
  })
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => User, { description: 'The user who logged in.' })
  user!: User;
}
