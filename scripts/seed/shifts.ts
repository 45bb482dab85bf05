import { addDays, clock, DomainError, isoWeekday } from '@wg/runtime';
import { shiftService } from '@wg/work';

/**
 * A week of shifts for one department (issue 14's seed): an Early and a Late template, the
 * department's rota, and next week Monday to Friday two early and two late shifts a day, given
 * round-robin to the department's members, plus one OPEN late shift a day to claim. A shift that
 * breaks a rule for its person (seeded leave, rest, weekly hours) stays OPEN rather than failing
 * the seed: the rules are the service's, as in real use.
 */
export async function seedShifts(
  // biome-ignore lint/suspicious/noExplicitAny: the work subgraph's context, as the demo seed passes it.
  work: any,
  options: { departmentId: string; departmentName: string; memberIds: string[]; timeZone: string },
): Promise<{ shifts: number; open: number }> {
  const early = await shiftService.createTemplate(work, {
    name: 'Early',
    startTime: '08:00',
    endTime: '16:00',
    breakMinutes: 30,
    timeZone: options.timeZone,
  });
  const late = await shiftService.createTemplate(work, {
    name: 'Late',
    startTime: '12:00',
    endTime: '20:00',
    breakMinutes: 30,
    timeZone: options.timeZone,
  });
  const schedule = await shiftService.createSchedule(work, {
    name: `${options.departmentName} rota`,
    departmentId: options.departmentId,
    timeZone: options.timeZone,
  });
  const today = clock.today();
  const monday = addDays(today, 8 - isoWeekday(today));
  let shifts = 0;
  let open = 0;
  let next = 0;
  for (let day = 0; day < 5; day++) {
    const date = addDays(monday, day);
    const plan = [early.id, early.id, late.id, late.id, late.id];
    for (const [i, templateId] of plan.entries()) {
      const employeeId = i < 4 ? (options.memberIds[next++ % options.memberIds.length] ?? null) : null;
      try {
        await shiftService.createShift(work, { scheduleId: schedule.id, templateId, date, employeeId });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
        await shiftService.createShift(work, { scheduleId: schedule.id, templateId, date });
        open++;
      }
      shifts++;
      if (!employeeId) open++;
    }
  }
  return { shifts, open };
}
