import { DateTimeScalar } from '@wg/runtime';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('RecruitingSettings', {
  description: 'The tenant’s recruiting settings (defaults until first set).',
})
export class RecruitingSettings {
  @Field(() => ID, { description: 'The tenant’s id: one settings object per tenant.' })
  id!: string;
  @Field(() => Int, {
    description:
      'Hours before an interview that the candidate and every interviewer get a reminder mail (1–168, default 24).',
  })
  reminderLeadHours!: number;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Last change; null while the defaults apply.' })
  updatedAt!: Date | null;
}
