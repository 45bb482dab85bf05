import { DateScalar } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WorkContext } from '../../loaders';
import {
  CreateHolidayCalendarInput,
  HolidayInput,
  UpdateHolidayCalendarInput,
} from './holiday-calendar.input';
import { holidayCalendarService } from './holiday-calendar.service';
import { Holiday, HolidayCalendar } from './holiday-calendar.type';

@Resolver(() => HolidayCalendar)
export class HolidayCalendarResolver {
  @Query(() => [HolidayCalendar], {
    description:
      'The tenant’s holiday calendars, the default (no work location) first. Requires `time_off:read`.',
  })
  holidayCalendars(@Ctx() ctx: WorkContext): Promise<HolidayCalendar[]> {
    return holidayCalendarService.list(ctx);
  }

  @FieldResolver(() => [Holiday], {
    description: 'The calendar’s holidays in the optional inclusive range, by date.',
  })
  holidays(
    @Root() c: HolidayCalendar,
    @Ctx() ctx: WorkContext,
    @Arg('from', () => DateScalar, { nullable: true, description: 'First day included.' }) from:
      | string
      | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Last day included.' }) to: string | null,
  ): Promise<Holiday[]> {
    return holidayCalendarService.holidaysOf(ctx, c.id, { from, to });
  }

  @Mutation(() => HolidayCalendar, {
    description:
      'Create a holiday calendar (one per work location, one default without). Requires `time_off:manage:all`.',
  })
  createHolidayCalendar(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => CreateHolidayCalendarInput, { description: 'The new calendar.' })
    input: CreateHolidayCalendarInput,
  ): Promise<HolidayCalendar> {
    return holidayCalendarService.create(ctx, input);
  }

  @Mutation(() => HolidayCalendar, {
    description:
      'Rename a calendar or change its weekend days (existing requests keep the amount they were booked with). Requires `time_off:manage:all`.',
  })
  updateHolidayCalendar(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The calendar.' }) id: string,
    @Arg('input', () => UpdateHolidayCalendarInput, { description: 'What to change.' })
    input: UpdateHolidayCalendarInput,
  ): Promise<HolidayCalendar> {
    return holidayCalendarService.update(ctx, id, input);
  }

  @Mutation(() => ID, {
    description: 'Delete a calendar and its holidays; returns its id. Requires `time_off:manage:all`.',
  })
  deleteHolidayCalendar(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The calendar.' }) id: string,
  ): Promise<string> {
    return holidayCalendarService.delete(ctx, id);
  }

  @Mutation(() => [Holiday], {
    description:
      'Add holidays to a calendar (1–500; a date it already has is a CONFLICT). Requires `time_off:manage:all`.',
  })
  addHolidays(
    @Ctx() ctx: WorkContext,
    @Arg('calendarId', () => ID, { description: 'The calendar.' }) calendarId: string,
    @Arg('holidays', () => [HolidayInput], { description: 'The holidays.' }) holidays: HolidayInput[],
  ): Promise<Holiday[]> {
    return holidayCalendarService.addHolidays(ctx, calendarId, holidays);
  }

  @Mutation(() => ID, { description: 'Remove one holiday; returns its id. Requires `time_off:manage:all`.' })
  removeHoliday(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The holiday.' }) id: string,
  ): Promise<string> {
    return holidayCalendarService.removeHoliday(ctx, id);
  }
}
