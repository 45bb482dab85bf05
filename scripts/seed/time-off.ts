/**
 * Time-off demo data for one tenant: leave types, a default holiday calendar (this year's and
 * next year's public holidays), a vacation policy per employment type (balances then follow from
 * each hire date), a few carry-over adjustments, some approved leave and a few PENDING requests
 * waiting for their managers. Everything goes through work's services, so it passes the same
 * rules and writes the same audit rows and events as real use. Fast: a few dozen writes.
 */
import {
  holidayCalendarService,
  leaveTypeService,
  timeOffBalanceService,
  timeOffPolicyService,
  timeOffRequestService,
} from '@wg/work';
import { addDays, clock, isoWeekday } from '@wg/runtime';

type WorkCtx = Parameters<typeof leaveTypeService.create>[0];

/** The Monday on or after `date`. */
function nextMonday(date: string): string {
  let d = date;
  while (isoWeekday(d) !== 1) d = addDays(d, 1);
  return d;
}

const fixedHolidays = (year: number) => [
  { date: `${year}-01-01`, name: "New Year's Day" },
  { date: `${year}-05-01`, name: 'Labour Day' },
  { date: `${year}-10-03`, name: 'Unity Day' },
  { date: `${year}-12-24`, name: 'Christmas Eve', halfDay: true },
  { date: `${year}-12-25`, name: 'Christmas Day' },
  { date: `${year}-12-26`, name: 'Boxing Day' },
  { date: `${year}-12-31`, name: "New Year's Eve", halfDay: true },
];

export async function seedTimeOff(
  work: WorkCtx,
  staff: { id: string; title: string; departmentName: string }[],
): Promise<{ leaveTypes: number; requests: number; pending: number }> {
  const vacation = await leaveTypeService.create(work, {
    name: 'Vacation',
    code: 'VACATION',
    colour: '#2E86DE',
  });
  await leaveTypeService.create(work, {
    name: 'Sick leave',
    code: 'SICK',
    colour: '#E74C3C',
    balanceApplies: false,
    halfDaysAllowed: false,
  });
  await leaveTypeService.create(work, {
    name: 'Parental leave',
    code: 'PARENTAL',
    colour: '#9B59B6',
    balanceApplies: false,
    noteRequired: true,
  });
  await leaveTypeService.create(work, {
    name: 'Unpaid leave',
    code: 'UNPAID',
    colour: '#95A5A6',
    paid: false,
    balanceApplies: false,
  });
  const year = Number(clock.today().slice(0, 4));
  await holidayCalendarService.create(work, {
    name: 'Company calendar',
    holidays: [...fixedHolidays(year), ...fixedHolidays(year + 1)],
  });
  for (const employmentType of ['FULL_TIME', 'PART_TIME', 'INTERN'] as const) {
    await timeOffPolicyService.create(work, {
      leaveTypeId: vacation.id,
      employmentType,
      accrualPerYear: employmentType === 'FULL_TIME' ? '25' : employmentType === 'PART_TIME' ? '15' : '10',
      accrualFrequency: 'MONTHLY',
      carryOverCap: '5',
      negativeLimit: employmentType === 'FULL_TIME' ? '2' : '0',
    });
  }
  const members = staff.filter((s) => s.title === 'Member');
  // A few carried-over days granted by HR.
  for (const s of members.slice(0, 5)) {
    await timeOffBalanceService.adjust(work, {
      employeeId: s.id,
      leaveTypeId: vacation.id,
      amount: '3',
      reason: 'Carry-over agreed with HR',
      effectiveDate: `${year}-01-01`,
    });
  }
  const today = clock.today();
  const monday = nextMonday(addDays(today, 7));
  let requests = 0;
  // Approved leave taken in the last weeks, so team calendars and balances show it.
  const approvedIds: string[] = [];
  for (const [i, s] of members.slice(5, 11).entries()) {
    const start = addDays(monday, -7 * (3 + (i % 3)));
    const req = await timeOffRequestService.request(work, {
      employeeId: s.id,
      leaveTypeId: vacation.id,
      start,
      end: addDays(start, 2 + (i % 3)),
      note: 'Family trip',
    });
    approvedIds.push(req.id);
    requests++;
  }
  if (approvedIds.length > 0) await timeOffRequestService.approve(work, approvedIds);
  // And a few waiting for their managers (in each one's inbox).
  let pending = 0;
  for (const [i, s] of members.slice(11, 16).entries()) {
    const start = addDays(monday, i % 2);
    await timeOffRequestService.request(work, {
      employeeId: s.id,
      leaveTypeId: vacation.id,
      start,
      end: addDays(start, 1 + (i % 4)),
      halfDayEnd: i === 2,
      note: i % 2 === 0 ? 'Long weekend' : null,
    });
    requests++;
    pending++;
  }
  return { leaveTypes: 4, requests, pending };
}
