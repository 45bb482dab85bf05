import { busyBlockKinds, interviewKinds, interviewStatuses, recommendations } from '@wg/db/recruiting';
import { connectionType, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Employee } from '../employees/employee.type';
import { enumOf } from '../enum';

export const InterviewKind = enumOf(interviewKinds);
export type InterviewKind = (typeof interviewKinds)[number];
registerEnumType(InterviewKind, {
  name: 'InterviewKind',
  description: 'How an interview is held.',
  valuesConfig: {
    PHONE: { description: 'A phone call.' },
    VIDEO: { description: 'A video call (see `meetingUrl`).' },
    ONSITE: { description: 'In person (see `location`).' },
    PANEL: { description: 'Several interviewers at once.' },
    TECHNICAL: { description: 'A technical exercise or pairing session.' },
  },
});

export const InterviewStatus = enumOf(interviewStatuses);
export type InterviewStatus = (typeof interviewStatuses)[number];
registerEnumType(InterviewStatus, {
  name: 'InterviewStatus',
  description:
    'SCHEDULED → COMPLETED | CANCELLED | NO_SHOW. Cancelled and no-show interviews free their slot.',
  valuesConfig: {
    SCHEDULED: { description: 'Booked; holds the slot.' },
    COMPLETED: { description: 'Took place; keeps the slot.' },
    CANCELLED: { description: 'Called off (see `cancelReason`); the slot is free.' },
    NO_SHOW: { description: 'The candidate did not come; the slot is free.' },
  },
});

export const BusyBlockKind = enumOf(busyBlockKinds);
export type BusyBlockKind = (typeof busyBlockKinds)[number];
registerEnumType(BusyBlockKind, {
  name: 'BusyBlockKind',
  description: 'Why an employee is not available.',
  valuesConfig: {
    OUT_OF_OFFICE: { description: 'Away (leave, travel).' },
    MEETING: { description: 'Another meeting.' },
    OTHER: { description: 'Anything else.' },
  },
});

export const Recommendation = enumOf(recommendations);
export type Recommendation = (typeof recommendations)[number];
registerEnumType(Recommendation, {
  name: 'Recommendation',
  description: 'An interviewer’s overall verdict, from STRONG_NO to STRONG_YES.',
  valuesConfig: {
    STRONG_NO: { description: 'Definitely do not hire.' },
    NO: { description: 'Do not hire.' },
    MIXED: { description: 'Undecided.' },
    YES: { description: 'Hire.' },
    STRONG_YES: { description: 'Definitely hire.' },
  },
});

@ObjectType('InterviewReschedule', { description: 'One move of an interview to another time.' })
export class InterviewReschedule {
  @Field(() => DateTimeScalar, { description: 'Start before the move.' })
  fromStartsAt!: Date;
  @Field(() => DateTimeScalar, { description: 'End before the move.' })
  fromEndsAt!: Date;
  @Field(() => DateTimeScalar, { description: 'Start after the move.' })
  toStartsAt!: Date;
  @Field(() => DateTimeScalar, { description: 'End after the move.' })
  toEndsAt!: Date;
  @Field(() => String, { description: 'Why it moved.' })
  reason!: string;
  @Field(() => ID, { nullable: true, description: 'The user who moved it.' })
  actorId!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was moved.' })
  at!: Date;
}

@Directive('@key(fields: "id")')
@ObjectType('Interview', {
  description:
    'An interview of one application. No interviewer and no candidate is ever in two overlapping held interviews (a database exclusion constraint).',
})
export class Interview {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
  @Field(() => InterviewKind, { description: 'Phone, video, onsite, panel or technical.' })
  kind!: InterviewKind;
  @Field(() => InterviewStatus, { description: 'Where the interview is in its lifecycle.' })
  status!: InterviewStatus;
  @Field(() => DateTimeScalar, { description: 'Start (inclusive).' })
  startsAt!: Date;
  @Field(() => DateTimeScalar, { description: 'End (exclusive): back-to-back interviews do not clash.' })
  endsAt!: Date;
  @Field(() => String, { description: 'The candidate’s IANA time zone, e.g. "America/New_York".' })
  candidateTimeZone!: string;
  @Field(() => String, { nullable: true, description: 'Room or address for onsite interviews.' })
  location!: string | null;
  @Field(() => String, { nullable: true, description: 'Video link for remote interviews.' })
  meetingUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was cancelled; null unless CANCELLED.' })
  cancelReason!: string | null;
  @Field(() => Int, { description: 'How often it was rescheduled.' })
  rescheduleCount!: number;
  @Field(() => DateTimeScalar, { description: 'When it was first scheduled.' })
  createdAt!: Date;

  tenantId!: string;
  applicationId!: string;
  candidateId!: string;
  createdBy!: string | null;
}

export const InterviewConnection = connectionType(Interview, 'Interview');

@ObjectType('TimeInterval', { description: 'A half-open span of time [start, end).' })
export class TimeInterval {
  @Field(() => DateTimeScalar, { description: 'Start (inclusive).' })
  start!: Date;
  @Field(() => DateTimeScalar, { description: 'End (exclusive).' })
  end!: Date;
}

@ObjectType('InterviewerAvailability', { description: 'When one employee is free for interviews.' })
export class InterviewerAvailability {
  @Field(() => Employee, { description: 'The employee.' })
  employee!: Employee;
  @Field(() => String, { description: 'The time zone their working hours are in.' })
  timeZone!: string;
  @Field(() => [TimeInterval], {
    description:
      'Free intervals in the window: working hours minus busy blocks and held interviews, earliest first.',
  })
  free!: TimeInterval[];
}

@ObjectType('SuggestedInterviewSlot', {
  description: 'A slot where every interviewer and the candidate are free.',
})
export class SuggestedInterviewSlot {
  @Field(() => DateTimeScalar, { description: 'Start.' })
  startsAt!: Date;
  @Field(() => DateTimeScalar, { description: 'End.' })
  endsAt!: Date;
  @Field(() => Int, {
    description:
      'Fragmentation cost: how many gaps shorter than the interview this slot leaves in the interviewers’ free time (0 is best).',
  })
  fragments!: number;
}

@ObjectType('ScorecardRating', { description: 'A rating of one rubric attribute.' })
export class ScorecardRating {
  @Field(() => String, { description: 'The rubric attribute, e.g. "System design".' })
  attribute!: string;
  @Field(() => Int, { description: '1 (poor) to 5 (excellent).' })
  rating!: number;
}

@ObjectType('Scorecard', { description: 'One interviewer’s verdict on one interview.' })
export class Scorecard {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;
  @Field(() => Recommendation, { description: 'Overall recommendation.' })
  recommendation!: Recommendation;
  @Field(() => [ScorecardRating], { description: 'Ratings per rubric attribute.' })
  ratings!: ScorecardRating[];
  @Field(() => String, { nullable: true, description: 'Free-text notes.' })
  notes!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was submitted.' })
  submittedAt!: Date;

  interviewId!: string;
  applicationId!: string;
  interviewerId!: string;
  tenantId!: string;
}

@ObjectType('HourCount', { description: 'How many interviews start in one hour of the day (UTC).' })
export class HourCount {
  @Field(() => Int, { description: 'Hour of the day, 0–23, UTC.' })
  hour!: number;
  @Field(() => Int, { description: 'Interviews starting in that hour.' })
  count!: number;
}

@ObjectType('WeekdayCount', { description: 'How many interviews fall on one weekday (UTC).' })
export class WeekdayCount {
  @Field(() => Int, { description: 'ISO weekday, 1 = Monday … 7 = Sunday (UTC).' })
  weekday!: number;
  @Field(() => Int, { description: 'Interviews starting on that weekday.' })
  count!: number;
}

@ObjectType('SchedulingAnalytics', {
  description: 'Scheduling figures over interviews starting in the window [from, to).',
})
export class SchedulingAnalytics {
  @Field(() => Int, { description: 'Interviews starting in the window, any status.' })
  interviews!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'NO_SHOW / (COMPLETED + NO_SHOW) over interviews starting in the window, 0–1 (4 places); null when none took place.',
  })
  noShowRate!: number | null;
  @Field(() => Int, {
    description: 'Reschedules of interviews starting in the window (sum of `rescheduleCount`).',
  })
  rescheduleCount!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'Interviews rescheduled at least once / all interviews starting in the window, 0–1 (4 places); null when none.',
  })
  rescheduleRate!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Mean hours from an application’s creation to the scheduling of its first interview, over applications whose first interview starts in the window (2 places); null when none.',
  })
  averageHoursToSchedule!: number | null;
  @Field(() => [HourCount], {
    description: 'Hours of the day by interviews starting in them (UTC), busiest first; at most 24.',
  })
  busiestHours!: HourCount[];
  @Field(() => [WeekdayCount], { description: 'Weekdays by interviews (UTC), busiest first; at most 7.' })
  busiestWeekdays!: WeekdayCount[];
}
