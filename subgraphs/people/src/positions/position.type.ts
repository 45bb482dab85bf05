import { connectionType, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType('Position', {
  description: 'A role in a department (title, level, job family) with a number of approved seats.',
})
export class Position {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Job title, e.g. "Backend Engineer".' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Level or grade on the tenant’s ladder, e.g. "L3".' })
  level!: string | null;

  @Field(() => String, { nullable: true, description: 'Job family, e.g. "Engineering".' })
  jobFamily!: string | null;

  @Field(() => Int, { description: 'How many people may hold this position at once.' })
  approvedSeats!: number;

  /** Resolved to `department` through the loader. */
  departmentId!: string;

  tenantId!: string;

  @Field(() => DateTimeScalar, { description: 'When the record was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the record last changed.' })
  updatedAt!: Date;
}

export const PositionConnection = connectionType(Position, 'Position');
