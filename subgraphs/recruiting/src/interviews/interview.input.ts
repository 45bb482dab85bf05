import { Field, ID, InputType, Int } from 'type-graphql';
import { BusyBlockKind, InterviewKind, Recommendation } from './interview.type';

/** Times are Strings (ISO-8601 with an offset), so a malformed one is named `input.startsAt`. */
@InputType('ScheduleInterviewInput', {
  description: 'Book an interview for an application in SCREENING or INTERVIEW.',
})
export class ScheduleInterviewInput {
  @Field(() => ID, { description: 'The application.' })
  applicationId!: string;
  @Field(() => InterviewKind, { description: 'How it is held.' })
  kind!: InterviewKind;
  @Field(() => String, {
    description: 'Start, ISO-8601 with offset (e.g. "2026-03-02T09:00:00Z"); in the future.',
  })
  startsAt!: string;
  @Field(() => String, { description: 'End, after the start; at most 8 hours later.' })
  endsAt!: string;
  @Field(() => [ID], { description: '1–10 distinct interviewers (employees).' })
  interviewerIds!: string[];
  @Field(() => String, { nullable: true, description: 'The candidate’s IANA time zone (default UTC).' })
  candidateTimeZone?: string | null;
  @Field(() => String, { nullable: true, description: 'Room or address, at most 500 characters.' })
  location?: string | null;
  @Field(() => String, { nullable: true, description: 'Video link (http or https URL).' })
  meetingUrl?: string | null;
}

@InputType('RescheduleInterviewInput', { description: 'Move a SCHEDULED interview.' })
export class RescheduleInterviewInput {
  @Field(() => String, { description: 'New start, ISO-8601 with offset; in the future.' })
  startsAt!: string;
  @Field(() => String, { description: 'New end, after the start; at most 8 hours later.' })
  endsAt!: string;
  @Field(() => String, { description: 'Why it moves, 1–2,000 characters (kept in the history).' })
  reason!: string;
}

@InputType('AddBusyBlockInput', { description: 'Time an employee cannot interview.' })
export class AddBusyBlockInput {
  @Field(() => ID, { description: 'The employee.' })
  employeeId!: string;
  @Field(() => String, { description: 'Start, ISO-8601 with offset.' })
  startsAt!: string;
  @Field(() => String, { description: 'End, after the start; at most 31 days later.' })
  endsAt!: string;
  @Field(() => BusyBlockKind, { nullable: true, description: 'Default MEETING.' })
  kind?: BusyBlockKind | null;
  @Field(() => String, { nullable: true, description: 'Note, at most 500 characters.' })
  note?: string | null;
}

@InputType('WorkingHoursInput', { description: 'An employee’s working week for interview scheduling.' })
export class WorkingHoursInput {
  @Field(() => String, { description: 'IANA time zone, e.g. "Europe/Berlin".' })
  timeZone!: string;
  @Field(() => [Int], { description: 'ISO weekdays worked, 1 = Monday … 7 = Sunday.' })
  weekdays!: number[];
  @Field(() => String, { description: 'Local start of the working day, HH:MM.' })
  start!: string;
  @Field(() => String, {
    description: 'Local end of the working day, HH:MM, after the start (24:00 allowed).',
  })
  end!: string;
}

@InputType('ScorecardRatingInput', { description: 'A rating of one rubric attribute.' })
export class ScorecardRatingInput {
  @Field(() => String, { description: 'An attribute of the posting’s rubric.' })
  attribute!: string;
  @Field(() => Int, { description: '1 (poor) to 5 (excellent).' })
  rating!: number;
}

@InputType('SubmitScorecardInput', { description: 'An interviewer’s verdict.' })
export class SubmitScorecardInput {
  @Field(() => Recommendation, { description: 'Overall recommendation.' })
  recommendation!: Recommendation;
  @Field(() => [ScorecardRatingInput], {
    nullable: true,
    description: 'Ratings, at most one per attribute of the posting’s rubric.',
  })
  ratings?: ScorecardRatingInput[] | null;
  @Field(() => String, { nullable: true, description: 'Notes, at most 10,000 characters.' })
  notes?: string | null;
}
