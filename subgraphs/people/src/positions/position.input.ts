import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('CreatePositionInput', { description: 'A new position.' })
export class CreatePositionInput {
  @Field(() => String, { description: 'Job title; unique with the level within the department.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Level or grade.' })
  level?: string | null;

  @Field(() => String, { nullable: true, description: 'Job family.' })
  jobFamily?: string | null;

  @Field(() => ID, { description: 'Department the position belongs to.' })
  departmentId!: string;

  @Field(() => Int, { nullable: true, description: 'Approved seats, 0–10000 (default 1).' })
  approvedSeats?: number | null;
}

@InputType('UpdatePositionInput', {
  description: 'Changes to a position. Omitted fields stay; null clears level or job family.',
})
export class UpdatePositionInput {
  @Field(() => String, { nullable: true, description: 'New job title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Level or grade; null clears it.' })
  level?: string | null;

  @Field(() => String, { nullable: true, description: 'Job family; null clears it.' })
  jobFamily?: string | null;

  @Field(() => ID, { nullable: true, description: 'Move the position to another department.' })
  departmentId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Approved seats, 0–10000; never fewer than the seats currently filled.',
  })
  approvedSeats?: number | null;
}

@InputType('PositionFilter', { description: 'Narrows `positions`.' })
export class PositionFilter {
  @Field(() => ID, { nullable: true, description: 'Only positions of this department.' })
  departmentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this job family (case-insensitive).' })
  jobFamily?: string | null;
}
