import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Application } from '../applications/application.type';
import { Employee } from '../employees/employee.type';
import type { RecruitingContext } from '../loaders';
import {
  AddBusyBlockInput,
  RescheduleInterviewInput,
  ScheduleInterviewInput,
  SubmitScorecardInput,
  WorkingHoursInput,
} from './interview.input';
import { interviewService } from './interview.service';
import {
  Interview,
  InterviewConnection,
  InterviewerAvailability,
  InterviewReschedule,
  SchedulingAnalytics,
  Scorecard,
  SuggestedInterviewSlot,
  TimeInterval,
} from './interview.type';
import { scorecardService } from './scorecard.service';

@Resolver(() => Interview)
export class InterviewResolver {
  @Query(() => Interview, {
    nullable: true,
    description:
      'One interview, or null when unknown or not yours to see. Requires `interview:read`: all, team (postings of your departments) or own (interviews you sit on).',
  })
  interview(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The interview.' }) id: string,
  ) {
    return interviewService.get(ctx, id);
  }

  @Query(() => [Interview], {
    description:
      'SCHEDULED interviews of one interviewer starting in [from, to) (at most 92 days), earliest first, at most 200. Defaults to you. Requires `interview:read` (own: yourself only).',
  })
  upcomingInterviews(
    @Ctx() ctx: RecruitingContext,
    @Arg('forEmployee', () => ID, { nullable: true, description: 'The interviewer; you when omitted.' })
    forEmployee: string | null,
    @Arg('from', () => String, { description: 'Window start, ISO-8601 with offset.' }) from: string,
    @Arg('to', () => String, { description: 'Window end (exclusive).' }) to: string,
  ) {
    return interviewService.upcoming(ctx, forEmployee, from, to);
  }

  @Query(() => [InterviewerAvailability], {
    description:
      'Free intervals of each employee in [from, to) (at most 42 days): working hours (their time zone; default Mon–Fri 09:00–17:00 UTC) minus busy blocks and held interviews. Requires `interview:read` (team or all).',
  })
  interviewerAvailability(
    @Ctx() ctx: RecruitingContext,
    @Arg('employeeIds', () => [ID], { description: '1–20 employees.' }) employeeIds: string[],
    @Arg('from', () => String, { description: 'Window start, ISO-8601 with offset.' }) from: string,
    @Arg('to', () => String, { description: 'Window end (exclusive).' }) to: string,
  ) {
    return interviewService.availability(ctx, employeeIds, from, to);
  }

  @Query(() => [SuggestedInterviewSlot], {
    description:
      'The best slots in [from, to) where every interviewer (inside working hours, outside busy time) and the candidate are free, from now on: earliest day first (the first interviewer’s time zone), then fewest fragments, then earliest start; quarter-hour starts, no two overlapping. Deterministic. Requires `interview:create` (scope all).',
  })
  suggestInterviewTimes(
    @Ctx() ctx: RecruitingContext,
    @Arg('applicationId', () => ID, {
      description: 'The application (its candidate’s interviews count as busy).',
    })
    applicationId: string,
    @Arg('interviewerIds', () => [ID], { description: '1–10 distinct interviewers.' })
    interviewerIds: string[],
    @Arg('durationMinutes', () => Int, { description: 'Length, 15–480 minutes.' }) durationMinutes: number,
    @Arg('from', () => String, { description: 'Window start, ISO-8601 with offset.' }) from: string,
    @Arg('to', () => String, { description: 'Window end (exclusive), at most 42 days after from.' })
    to: string,
    @Arg('count', () => Int, { nullable: true, description: 'How many slots, 1–20 (default 5).' }) count:
      | number
      | null,
  ) {
    return interviewService.suggest(ctx, { applicationId, interviewerIds, durationMinutes, from, to, count });
  }

  @Query(() => SchedulingAnalytics, {
    description:
      'Scheduling figures for interviews starting in [from, to). Requires `interview:read` (scope all).',
  })
  schedulingAnalytics(
    @Ctx() ctx: RecruitingContext,
    @Arg('from', () => String, { description: 'Window start, ISO-8601 with offset.' }) from: string,
    @Arg('to', () => String, { description: 'Window end (exclusive).' }) to: string,
  ) {
    return interviewService.analytics(ctx, from, to);
  }

  @Mutation(() => Interview, {
    description:
      'Book an interview. Requires `interview:create` (scope all). CONFLICT when an interviewer or the candidate is already in an overlapping interview (enforced by the database, so of two racing bookings exactly one wins), an interviewer is busy or outside working hours, or the application is not in SCREENING or INTERVIEW.',
  })
  scheduleInterview(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => ScheduleInterviewInput, { description: 'The booking.' })
    input: ScheduleInterviewInput,
  ) {
    return interviewService.schedule(ctx, input);
  }

  @Mutation(() => Interview, {
    description:
      'Move a SCHEDULED interview (same rules as booking); the move is kept in `rescheduleHistory`. Requires `interview:update` (scope all).',
  })
  rescheduleInterview(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The interview.' }) id: string,
    @Arg('input', () => RescheduleInterviewInput, { description: 'New times and the reason.' })
    input: RescheduleInterviewInput,
  ) {
    return interviewService.reschedule(ctx, id, input);
  }

  @Mutation(() => Interview, {
    description: 'Cancel a SCHEDULED interview (frees the slot). Requires `interview:update` (scope all).',
  })
  cancelInterview(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The interview.' }) id: string,
    @Arg('reason', () => String, { description: 'Why, 1–2,000 characters.' }) reason: string,
  ) {
    return interviewService.cancel(ctx, id, reason);
  }

  @Mutation(() => Interview, {
    description:
      'The candidate did not come: a started SCHEDULED interview becomes NO_SHOW (frees the slot). Requires `interview:update` (scope all).',
  })
  markNoShow(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The interview.' }) id: string,
  ) {
    return interviewService.markNoShow(ctx, id);
  }

  @Mutation(() => Interview, {
    description:
      'A started SCHEDULED interview took place: COMPLETED. Requires `interview:update` (scope all).',
  })
  completeInterview(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The interview.' }) id: string,
  ) {
    return interviewService.complete(ctx, id);
  }

  @Mutation(() => TimeInterval, {
    description:
      'Mark time an employee cannot interview. Requires `interview:create` (scope all), or `interview:read` for your own calendar.',
  })
  async addBusyBlock(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => AddBusyBlockInput, { description: 'Who and when.' }) input: AddBusyBlockInput,
  ) {
    const row = await interviewService.addBusyBlock(ctx, input);
    return Object.assign(new TimeInterval(), { start: row.startsAt, end: row.endsAt });
  }

  @Mutation(() => Boolean, {
    description:
      'Set an employee’s working week for scheduling (replaces the previous one). Requires `interview:create` (scope all), or `interview:read` for yourself.',
  })
  async setWorkingHours(
    @Ctx() ctx: RecruitingContext,
    @Arg('employeeId', () => ID, { description: 'The employee.' }) employeeId: string,
    @Arg('input', () => WorkingHoursInput, { description: 'Time zone, weekdays and hours.' })
    input: WorkingHoursInput,
  ) {
    await interviewService.setWorkingHours(ctx, employeeId, input);
    return true;
  }

  @Mutation(() => [String], {
    description:
      'Set the attributes interviewers rate for a posting (replaces the list; at most 20). Requires `job_posting:update` (scope all).',
  })
  setPostingRubric(
    @Ctx() ctx: RecruitingContext,
    @Arg('postingId', () => ID, { description: 'The posting.' }) postingId: string,
    @Arg('attributes', () => [String], { description: 'Attribute names, distinct, 1–100 characters each.' })
    attributes: string[],
  ) {
    return scorecardService.setRubric(ctx, postingId, attributes);
  }

  @Mutation(() => Scorecard, {
    description:
      'Submit your scorecard for an interview you sit on, once it has started: one per interviewer (CONFLICT for a second). Requires `scorecard:create`.',
  })
  submitScorecard(
    @Ctx() ctx: RecruitingContext,
    @Arg('interviewId', () => ID, { description: 'The interview.' }) interviewId: string,
    @Arg('input', () => SubmitScorecardInput, { description: 'Recommendation, ratings and notes.' })
    input: SubmitScorecardInput,
  ) {
    return scorecardService.submit(ctx, interviewId, input);
  }

  @FieldResolver(() => [Employee], { description: 'The interviewers. Batched.' })
  async interviewers(@Root() i: Interview, @Ctx() ctx: RecruitingContext): Promise<Employee[]> {
    return (await ctx.loaders.interviewersByInterview.load(i.id)).map((r) => Employee.ref(r.employeeId));
  }

  @FieldResolver(() => String, {
    description: 'The candidate’s name, so an interviewer knows whom they meet.',
  })
  async candidateName(@Root() i: Interview, @Ctx() ctx: RecruitingContext): Promise<string> {
    const c = await ctx.loaders.candidateById.load(i.candidateId);
    return c ? `${c.firstName} ${c.lastName}` : '';
  }

  @FieldResolver(() => Application, {
    nullable: true,
    description: 'The application; null unless your `application:read` scope covers its posting.',
  })
  async application(@Root() i: Interview, @Ctx() ctx: RecruitingContext): Promise<Application | null> {
    return (await interviewService.canSeeApplication(ctx, i))
      ? ctx.loaders.applicationById.load(i.applicationId)
      : null;
  }

  @FieldResolver(() => [InterviewReschedule], { description: 'Every reschedule, oldest first. Batched.' })
  async rescheduleHistory(
    @Root() i: Interview,
    @Ctx() ctx: RecruitingContext,
  ): Promise<InterviewReschedule[]> {
    return (await ctx.loaders.reschedulesByInterview.load(i.id)).map((r) =>
      Object.assign(new InterviewReschedule(), r),
    );
  }

  @FieldResolver(() => [Scorecard], {
    nullable: true,
    description:
      'Scorecards of this interview you may read: yours always; others’ only after you submitted yours (if you sit on it), else per `scorecard:read`. Null without `scorecard:read`.',
  })
  scorecards(@Root() i: Interview, @Ctx() ctx: RecruitingContext) {
    return scorecardService.visible(ctx, i.applicationId, i.id);
  }
}

@Resolver(() => Application)
export class ApplicationInterviewResolver {
  @FieldResolver(() => [Interview], { description: 'The application’s interviews, earliest first. Batched.' })
  interviews(@Root() a: Application, @Ctx() ctx: RecruitingContext): Promise<Interview[]> {
    return ctx.loaders.interviewsByApplication.load(a.id);
  }

  @FieldResolver(() => [Scorecard], {
    nullable: true,
    description:
      'Scorecards of the application’s interviews you may read: yours always; an interviewer sees others’ only after submitting their own; otherwise `scorecard:read` decides (all; team: your departments’ postings). Null without `scorecard:read`.',
  })
  scorecards(@Root() a: Application, @Ctx() ctx: RecruitingContext) {
    return scorecardService.visible(ctx, a.id);
  }
}

@Resolver(() => Employee)
export class EmployeeInterviewResolver {
  @FieldResolver(() => InterviewConnection, {
    nullable: true,
    description:
      'Interviews this employee sits on as interviewer, newest first. The employee themself and `interview:read` team/all holders (as far as their scope covers) see them; others get null.',
  })
  interviews(
    @Root() e: Employee,
    @Ctx() ctx: RecruitingContext,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<Interview> | null> {
    return interviewService.forInterviewer(ctx, e.id, page);
  }
}
