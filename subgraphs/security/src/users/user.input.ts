import { Field, ID, InputType } from 'type-graphql';

@InputType('InviteUserInput', {
  description: 'A new login for the tenant; they set their password from the mailed link.',
})
export class InviteUserInput {
  @Field(() => String, { description: 'Login email (unique across the platform).' })
  email!: string;

  @Field(() => String, { description: 'Name shown in the UI.' })
  displayName!: string;

  @Field(() => [String], { description: 'Built-in role names (custom roles are granted with `assignRole`).' })
  roles!: string[];

  @Field(() => ID, { nullable: true, description: 'The Employee (people subgraph) this login belongs to.' })
  employeeId?: string | null;
}
