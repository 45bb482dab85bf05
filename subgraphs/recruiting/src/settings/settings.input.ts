import { Field, InputType, Int } from 'type-graphql';

@InputType('UpdateRecruitingSettingsInput', { description: 'Settings to change; omitted ones are kept.' })
export class UpdateRecruitingSettingsInput {
  @Field(() => Int, {
    nullable: true,
    description:
      'Hours before an interview that its reminder goes out, 1–168. Pending reminders move to the new lead time.',
  })
  reminderLeadHours?: number | null;
}
