import { DateScalar } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Employee } from '../employees/employee.type';
import type { WorkContext } from '../loaders';
import {
  CreateScheduleInput,
  CreateShiftInput,
  CreateShiftTemplateInput,
  UpdateShiftSettingsInput,
} from './shift.input';
import { shiftService } from './shift.service';
import { Rota, Schedule, Shift, ShiftSettings, ShiftTemplate } from './shift.type';

const RULES =
  'An assigned shift passes every scheduling rule, each refused as a CONFLICT naming it: no shift on the employee’s approved leave, no overlapping shifts (also under a race: a database exclusion constraint), `ShiftSettings.minRestHours` between shifts and `maxWeeklyHours` per ISO week.';

@Resolver(() => Shift)
export class ShiftResolver {
  @Query(() => [ShiftTemplate], {
    description: 'The tenant’s shift templates by name. Requires `shift:read`.',
  })
  shiftTemplates(@Ctx() ctx: WorkContext): Promise<ShiftTemplate[]> {
    return shiftService.templates(ctx);
  }

  @Query(() => [Schedule], { description: 'The tenant’s rotas by name. Requires `shift:read`.' })
  schedules(@Ctx() ctx: WorkContext): Promise<Schedule[]> {
    return shiftService.schedules(ctx);
  }

  @Query(() => Rota, {
    description:
      'The rota of a department over a period (at most 93 days): one row per employee with their assigned shifts and paid hours, plus the OPEN shifts anyone may claim. Requires `shift:read`: rows only for employees within your scope (own / team / all).',
  })
  schedule(
    @Ctx() ctx: WorkContext,
    @Arg('departmentId', () => ID, { description: 'The department whose schedules are shown.' })
    departmentId: string,
    @Arg('from', () => DateScalar, { description: 'First day.' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day (inclusive).' }) to: string,
  ): Promise<Rota> {
    return shiftService.rota(ctx, departmentId, from, to);
  }

  @Query(() => ShiftSettings, { description: 'The tenant’s scheduling rules. Requires `shift:read`.' })
  shiftSettings(@Ctx() ctx: WorkContext): Promise<ShiftSettings> {
    return shiftService.settings(ctx);
  }

  @Mutation(() => ShiftTemplate, {
    description: 'Create a shift template. Requires `shift:manage` (team or all).',
  })
  createShiftTemplate(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => CreateShiftTemplateInput, { description: 'The template.' })
    input: CreateShiftTemplateInput,
  ): Promise<ShiftTemplate> {
    return shiftService.createTemplate(ctx, input);
  }

  @Mutation(() => Schedule, {
    description: 'Create a rota. Requires `shift:manage`: `all`, or `team` for your own department.',
  })
  createSchedule(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => CreateScheduleInput, { description: 'The rota.' }) input: CreateScheduleInput,
  ): Promise<Schedule> {
    return shiftService.createSchedule(ctx, input);
  }

  @Mutation(() => Shift, {
    description: `Create a shift (OPEN without an employee). Requires \`shift:manage\` over the schedule (\`team\`: your own department). ${RULES}`,
  })
  createShift(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => CreateShiftInput, { description: 'The shift.' }) input: CreateShiftInput,
  ): Promise<Shift> {
    return shiftService.createShift(ctx, input);
  }

  @Mutation(() => Shift, {
    description: `Give a shift to an employee (an OPEN one, or re-assign). Requires \`shift:manage\` over the schedule. ${RULES}`,
  })
  assignShift(
    @Ctx() ctx: WorkContext,
    @Arg('shiftId', () => ID, { description: 'The shift.' }) shiftId: string,
    @Arg('employeeId', () => ID, { description: 'An ACTIVE employee.' }) employeeId: string,
  ): Promise<Shift> {
    return shiftService.assign(ctx, shiftId, employeeId);
  }

  @Mutation(() => Shift, { description: 'Cancel a shift. Requires `shift:manage` over the schedule.' })
  cancelShift(
    @Ctx() ctx: WorkContext,
    @Arg('shiftId', () => ID, { description: 'The shift.' }) shiftId: string,
  ): Promise<Shift> {
    return shiftService.cancel(ctx, shiftId);
  }

  @Mutation(() => Shift, {
    description: `Take an OPEN shift yourself. Requires \`shift:create\`; you must be ACTIVE and, when the schedule has a department, in it. Of two racing claims one wins (the other: CONFLICT). ${RULES}`,
  })
  claimOpenShift(
    @Ctx() ctx: WorkContext,
    @Arg('shiftId', () => ID, { description: 'An OPEN shift.' }) shiftId: string,
  ): Promise<Shift> {
    return shiftService.claim(ctx, shiftId);
  }

  @Mutation(() => ShiftSettings, {
    description: 'Change the scheduling rules. Requires `shift:manage:all`; audited.',
  })
  updateShiftSettings(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => UpdateShiftSettingsInput, { description: 'What to change.' })
    input: UpdateShiftSettingsInput,
  ): Promise<ShiftSettings> {
    return shiftService.updateSettings(ctx, input);
  }
}

/** A shift's rota and template, batched per request. */
@Resolver(() => Shift)
export class ShiftFieldResolver {
  @FieldResolver(() => Schedule, { description: 'The rota it belongs to.' })
  async schedule(@Root() s: Shift, @Ctx() ctx: WorkContext): Promise<Schedule> {
    return (await ctx.loaders.scheduleById.load(s.scheduleId))!;
  }

  @FieldResolver(() => ShiftTemplate, {
    nullable: true,
    description: 'The template it was made from, if any.',
  })
  async template(@Root() s: Shift, @Ctx() ctx: WorkContext): Promise<ShiftTemplate | null> {
    return s.templateId ? ((await ctx.loaders.shiftTemplateById.load(s.templateId)) ?? null) : null;
  }
}

/** `Employee.shifts`: work's scheduling view of people's employees. */
@Resolver(() => Employee)
export class ShiftEmployeeResolver {
  @FieldResolver(() => [Shift], {
    nullable: true,
    description:
      'Assigned shifts whose local day is from `from` to `to` (at most 93 days), by start. Requires `shift:read`: own → yourself, team → your reporting line, all → anyone (others get null).',
  })
  shifts(
    @Root() e: Employee,
    @Ctx() ctx: WorkContext,
    @Arg('from', () => DateScalar, { description: 'First day.' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day (inclusive).' }) to: string,
  ): Promise<Shift[] | null> {
    return shiftService.forEmployee(ctx, e.id, from, to);
  }
}
