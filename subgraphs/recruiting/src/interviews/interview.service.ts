import type { Tx } from '@wg/db';
import {
  applications,
  auditLog,
  busyBlocks,
  interviewInterviewers,
  interviewReschedules,
  interviews,
  jobPostings,
  outbox,
  workingHours,
} from '@wg/db/recruiting';
import {
  badInput,
  type Connection,
  checkInput,
  clock,
  conflict,
  emitEvents,
  forbidden,
  isUuid,
  isValidTimeZone,
  notFound,
  type PageArgs,
  paginate,
  recordAudit,
  requireScope,
  rules,
  scopeFor,
  z,
  isExclusionViolation,
} from '@wg/runtime';
import { and, asc, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import { covers, pipelineAccess } from '../access';
import { isKnownEmployee } from '../candidates/candidate.service';
import { Employee } from '../employees/employee.type';
import type { InterviewSnapshot } from '../events';
import type { RecruitingContext } from '../loaders';
import { jsonIds, selectRows } from '../sql';
import { DEFAULT_WEEK, freeIntervals, type Interval, suggestSlots, type WorkingWeek } from './availability';
import type {
  AddBusyBlockInput,
  RescheduleInterviewInput,
  ScheduleInterviewInput,
  WorkingHoursInput,
} from './interview.input';
import { dropReminder, scheduleReminder } from './interview.reminders';
import {
  type Interview,
  InterviewerAvailability,
  InterviewKind,
  type InterviewStatus,
  SchedulingAnalytics,
  SuggestedInterviewSlot,
  TimeInterval,
} from './interview.type';

const HOUR = 3_600_000;
export const MAX_INTERVIEW_MS = 8 * HOUR;
/** Availability and suggestions look at most this far (6 weeks). */
const MAX_WINDOW_MS = 42 * 24 * HOUR;

/** ISO-8601 with a time and an explicit offset: a bare "2026-03-02 09:00" has no instant. */
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'Must be an ISO-8601 date-time with an offset, e.g. 2026-03-02T09:00:00Z',
    abort: true,
  })
  .refine((v) => !Number.isNaN(Date.parse(v)), 'Must be a real date and time')
  .transform((v) => new Date(v));

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'Must be an http or https URL')
  .nullish();

const text = (min: number, max: number, label = 'Text') =>
  z.string().trim().min(min, `${label} must not be empty`).max(max, `Must be at most ${max} characters`);

const timeRange = { startsAt: instant, endsAt: instant };

/** The rules every booked time obeys: after its start, at most 8 hours long, not in the past. */
function rangeErrors(
  check: { bad(f: string): boolean; fail(f: string, m: string): void },
  input: { startsAt?: string; endsAt?: string },
  maxMs = MAX_INTERVIEW_MS,
  future = true,
): { start: Date; end: Date } | null {
  if (check.bad('input.startsAt') || check.bad('input.endsAt')) return null;
  const start = new Date(input.startsAt!);
  const end = new Date(input.endsAt!);
  if (end <= start) check.fail('input.endsAt', 'Must be after startsAt');
  else if (end.getTime() - start.getTime() > maxMs) {
    check.fail('input.endsAt', `Must be at most ${maxMs / HOUR} hours after startsAt`);
  }
  if (future && start <= clock.now()) check.fail('input.startsAt', 'Must be in the future');
  return { start, end };
}

const scheduleSchema = z.object({
  applicationId: rules.uuid(),
  kind: z.enum(Object.values(InterviewKind) as [InterviewKind, ...InterviewKind[]]),
  ...timeRange,
  interviewerIds: z
    .array(rules.uuid())
    .min(1, 'At least one interviewer')
    .max(10, 'At most 10 interviewers')
    .refine((ids) => new Set(ids).size === ids.length, 'Interviewers must be distinct'),
  candidateTimeZone: z
    .string()
    .refine(isValidTimeZone, 'Must be an IANA time zone such as Europe/Berlin')
    .nullish(),
  location: z.string().trim().max(500).nullish(),
  meetingUrl: httpUrl,
});
const rescheduleSchema = z.object({ ...timeRange, reason: text(1, 2000, 'Reason') });

/** PostgreSQL's SQLSTATE of a driver error (postgres.js and PGlite both set `code`). */

const iso = (d: Date) => d.toISOString();
const span = (s: Date, e: Date) => `${iso(s)}–${iso(e)}`;

/** The first held interview overlapping [start, end) for any of `employeeIds` or the candidate. */
async function findClash(
  tx: Tx,
  args: { employeeIds: string[]; candidateId: string; start: Date; end: Date; except?: string },
): Promise<string | null> {
  const [busyInterviewer] = await tx
    .select({
      employeeId: interviewInterviewers.employeeId,
      interviewId: interviewInterviewers.interviewId,
      startsAt: interviewInterviewers.startsAt,
      endsAt: interviewInterviewers.endsAt,
    })
    .from(interviewInterviewers)
    .where(
      and(
        inArray(interviewInterviewers.employeeId, args.employeeIds),
        eq(interviewInterviewers.active, true),
        lt(interviewInterviewers.startsAt, args.end),
        gt(interviewInterviewers.endsAt, args.start),
        args.except ? ne(interviewInterviewers.interviewId, args.except) : undefined,
      ),
    )
    .orderBy(asc(interviewInterviewers.startsAt))
    .limit(1);
  if (busyInterviewer) {
    return `Interviewer ${busyInterviewer.employeeId} is already in interview ${busyInterviewer.interviewId} (${span(busyInterviewer.startsAt, busyInterviewer.endsAt)})`;
  }
  const [busyCandidate] = await tx
    .select({ id: interviews.id, startsAt: interviews.startsAt, endsAt: interviews.endsAt })
    .from(interviews)
    .where(
      and(
        eq(interviews.candidateId, args.candidateId),
        inArray(interviews.status, ['SCHEDULED', 'COMPLETED']),
        lt(interviews.startsAt, args.end),
        gt(interviews.endsAt, args.start),
        args.except ? ne(interviews.id, args.except) : undefined,
      ),
    )
    .limit(1);
  if (busyCandidate) {
    return `The candidate is already in interview ${busyCandidate.id} (${span(busyCandidate.startsAt, busyCandidate.endsAt)})`;
  }
  return null;
}

async function weeksOf(tx: Tx, employeeIds: readonly string[]): Promise<Map<string, WorkingWeek>> {
  const rows = await tx
    .select()
    .from(workingHours)
    .where(inArray(workingHours.employeeId, [...employeeIds]));
  return new Map(
    rows.map((r) => [
      r.employeeId,
      { timeZone: r.timeZone, weekdays: r.weekdays, startMinute: r.startMinute, endMinute: r.endMinute },
    ]),
  );
}

/**
 * Busy time per employee in [from, to): busy blocks plus held interviews (optionally not
 * `except`), merged by the database (`range_agg` joins overlapping and touching ranges, as
 * `merge` would) so a calendar of thousands of overlapping blocks arrives as its few hundred
 * busy stretches, as epoch milliseconds (exact: stored times have millisecond precision).
 */
async function busyOf(
  tx: Tx,
  employeeIds: readonly string[],
  from: Date,
  to: Date,
  except?: string,
): Promise<Map<string, Interval[]>> {
  const out = new Map<string, Interval[]>(employeeIds.map((id) => [id, []]));
  const ids = sql`(select value::uuid from jsonb_array_elements_text(${jsonIds(employeeIds)}::jsonb))`;
  const rows = await selectRows<{ employee_id: string; start_ms: number; end_ms: number }>(
    tx,
    sql`
      select employee_id::text,
             (extract(epoch from lower(busy)) * 1000)::float8 as start_ms,
             (extract(epoch from upper(busy)) * 1000)::float8 as end_ms
        from (
          select employee_id, unnest(range_agg(tstzrange(starts_at, ends_at))) as busy
            from (
              select ${busyBlocks.employeeId} as employee_id, ${busyBlocks.startsAt} as starts_at, ${busyBlocks.endsAt} as ends_at
                from ${busyBlocks}
               where ${busyBlocks.employeeId} in ${ids}
                 and ${busyBlocks.startsAt} < ${to.toISOString()}::timestamptz
                 and ${busyBlocks.endsAt} > ${from.toISOString()}::timestamptz
              union all
              select ${interviewInterviewers.employeeId}, ${interviewInterviewers.startsAt}, ${interviewInterviewers.endsAt}
                from ${interviewInterviewers}
               where ${interviewInterviewers.employeeId} in ${ids}
                 and ${interviewInterviewers.active}
                 and ${interviewInterviewers.startsAt} < ${to.toISOString()}::timestamptz
                 and ${interviewInterviewers.endsAt} > ${from.toISOString()}::timestamptz
                 ${except ? sql`and ${interviewInterviewers.interviewId} <> ${except}::uuid` : sql``}
            ) as held
           group by employee_id
        ) as merged`,
  );
  for (const r of rows) {
    out.get(r.employee_id)?.push({ start: Number(r.start_ms), end: Number(r.end_ms) });
  }
  return out;
}

/** CONFLICT unless every interviewer works through [start, end) and has no busy block in it. */
async function requireAvailable(tx: Tx, employeeIds: string[], start: Date, end: Date): Promise<void> {
  const weeks = await weeksOf(tx, employeeIds);
  const [block] = await tx
    .select({
      employeeId: busyBlocks.employeeId,
      startsAt: busyBlocks.startsAt,
      endsAt: busyBlocks.endsAt,
      kind: busyBlocks.kind,
    })
    .from(busyBlocks)
    .where(
      and(
        inArray(busyBlocks.employeeId, employeeIds),
        lt(busyBlocks.startsAt, end),
        gt(busyBlocks.endsAt, start),
      ),
    )
    .limit(1);
  if (block) {
    throw conflict(
      `Interviewer ${block.employeeId} is busy (${block.kind}, ${span(block.startsAt, block.endsAt)})`,
    );
  }
  for (const id of employeeIds) {
    const week = weeks.get(id) ?? DEFAULT_WEEK;
    const free = freeIntervals(week, [], start.getTime(), end.getTime());
    const covered = free.length === 1 && free[0]!.start === start.getTime() && free[0]!.end === end.getTime();
    if (!covered)
      throw conflict(
        `${span(start, end)} is outside the working hours of interviewer ${id} (${week.timeZone})`,
      );
  }
}

async function snapshotOf(
  tx: Tx,
  i: Interview,
  extra: Partial<InterviewSnapshot> = {},
): Promise<InterviewSnapshot> {
  const [ctxRow] = await tx
    .select({
      postingId: applications.postingId,
      departmentId: jobPostings.departmentId,
      appliedAt: applications.createdAt,
    })
    .from(applications)
    .innerJoin(jobPostings, eq(jobPostings.id, applications.postingId))
    .where(eq(applications.id, i.applicationId));
  const people = await tx
    .select({ employeeId: interviewInterviewers.employeeId })
    .from(interviewInterviewers)
    .where(eq(interviewInterviewers.interviewId, i.id))
    .orderBy(asc(interviewInterviewers.employeeId));
  return {
    id: i.id,
    applicationId: i.applicationId,
    postingId: ctxRow?.postingId ?? '',
    departmentId: ctxRow?.departmentId ?? '',
    kind: i.kind,
    status: i.status,
    startsAt: iso(i.startsAt),
    endsAt: iso(i.endsAt),
    interviewerIds: people.map((p) => p.employeeId),
    appliedAt: ctxRow ? iso(ctxRow.appliedAt) : iso(i.createdAt),
    createdAt: iso(i.createdAt),
    ...extra,
  };
}

type InterviewEvent =
  | 'recruiting.interview.scheduled'
  | 'recruiting.interview.rescheduled'
  | 'recruiting.interview.cancelled'
  | 'recruiting.interview.completed'
  | 'recruiting.interview.no_show';

async function announce(
  ctx: RecruitingContext,
  tx: Tx,
  type: InterviewEvent,
  action: string,
  before: Interview | null,
  after: Interview,
  extra: Partial<InterviewSnapshot> = {},
) {
  const tenantId = ctx.tenantId();
  await emitEvents(tx, outbox, [
    {
      tenantId,
      type,
      aggregateType: 'Interview',
      aggregateId: after.id,
      data: await snapshotOf(tx, after, extra),
    },
  ]);
  await recordAudit(tx, auditLog, [
    {
      tenantId,
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType: 'Interview',
      entityId: after.id,
      before,
      after,
    },
  ]);
}

/**
 * Runs a booking transaction; a lost race on the exclusion constraints (23P01) becomes a
 * CONFLICT naming the clash, looked up in a fresh transaction after the rollback.
 */
async function booking<T>(
  ctx: RecruitingContext,
  run: (tx: Tx) => Promise<T>,
  clash: () => { employeeIds: string[]; candidateId: string; start: Date; end: Date; except?: string } | null,
): Promise<T> {
  try {
    return await ctx.tx(run);
  } catch (error) {
    if (!isExclusionViolation(error)) throw error;
    const args = clash();
    const message = args ? await ctx.tx((tx) => findClash(tx, args)) : null;
    throw conflict(message ?? 'The time clashes with another interview');
  }
}

async function lockScheduled(tx: Tx, id: string, verb: string): Promise<Interview> {
  const [row] = await tx.select().from(interviews).where(eq(interviews.id, id)).for('update');
  if (!row) throw notFound('Interview', id);
  if (row.status !== 'SCHEDULED') throw conflict(`A ${row.status} interview cannot be ${verb}`);
  return row as Interview;
}

/** Who may manage someone's calendar: recruiters (`interview:create` at all) or the employee. */
function requireCalendarAccess(ctx: RecruitingContext, employeeId: string) {
  if (scopeFor(ctx.identity, 'interview', 'create') === 'all') return;
  if (ctx.identity.employeeId === employeeId && scopeFor(ctx.identity, 'interview', 'read')) return;
  throw forbidden('interview:create');
}

/** Interviews the caller may see: all, their departments' (team), or those they sit on (own). */
export async function interviewVisibility(ctx: RecruitingContext, tx: Tx) {
  const scope = requireScope(ctx.identity, 'interview:read', 'own');
  if (scope === 'all') return sql`true`;
  const mine = sql`exists (select 1 from recruiting.interview_interviewers ii where ii.interview_id = ${interviews.id} and ii.employee_id = ${ctx.identity.employeeId ?? '00000000-0000-0000-0000-000000000000'}::uuid)`;
  if (scope === 'own') return mine;
  const access = await pipelineAccess(tx, ctx.identity, 'interview:read');
  const departments = access.departments ?? [];
  return sql`(${mine} or exists (select 1 from recruiting.applications a join recruiting.job_postings p on p.id = a.posting_id
    where a.id = ${interviews.applicationId} and p.department_id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(departments)}::jsonb))))`;
}

function windowOf(
  check: { bad(f: string): boolean; fail(f: string, m: string): void },
  fromRaw: string,
  toRaw: string,
  maxMs = MAX_WINDOW_MS,
): { from: Date; to: Date } {
  const from = instant.safeParse(fromRaw);
  const to = instant.safeParse(toRaw);
  if (!from.success) check.fail('from', from.error.issues[0]?.message ?? 'Invalid');
  if (!to.success) check.fail('to', to.error.issues[0]?.message ?? 'Invalid');
  if (from.success && to.success) {
    if (to.data <= from.data) check.fail('to', 'Must be after from');
    else if (to.data.getTime() - from.data.getTime() > maxMs) {
      check.fail('to', `The window may span at most ${Math.round(maxMs / (24 * HOUR))} days`);
    }
  }
  return { from: from.success ? from.data : new Date(0), to: to.success ? to.data : new Date(0) };
}

export const interviewService = {
  async schedule(ctx: RecruitingContext, input: ScheduleInterviewInput): Promise<Interview> {
    requireScope(ctx.identity, 'interview:create', 'all');
    const check = checkInput(scheduleSchema, input);
    const range = rangeErrors(check, input);
    let candidateId = '';
    return booking(
      ctx,
      async (tx) => {
        if (!check.bad('input.interviewerIds')) {
          for (const [i, id] of input.interviewerIds.entries()) {
            if (!(await isKnownEmployee(tx, id))) check.fail(`input.interviewerIds.${i}`, 'Unknown employee');
          }
        }
        const data = check.valid();
        const [app] = await tx
          .select()
          .from(applications)
          .where(eq(applications.id, data.applicationId))
          .for('share');
        if (!app) throw notFound('Application', data.applicationId);
        if (app.stage !== 'SCREENING' && app.stage !== 'INTERVIEW') {
          throw conflict(`Interviews are for applications in SCREENING or INTERVIEW, not ${app.stage}`);
        }
        candidateId = app.candidateId;
        const { start, end } = range!;
        await requireAvailable(tx, data.interviewerIds, start, end);
        const clash = await findClash(tx, { employeeIds: data.interviewerIds, candidateId, start, end });
        if (clash) throw conflict(clash);
        const [row] = await tx
          .insert(interviews)
          .values({
            tenantId: ctx.tenantId(),
            applicationId: app.id,
            candidateId,
            kind: data.kind,
            startsAt: start,
            endsAt: end,
            candidateTimeZone: data.candidateTimeZone ?? 'UTC',
            location: data.location || null,
            meetingUrl: data.meetingUrl ?? null,
            createdBy: ctx.identity.userId,
          })
          .returning();
        const created = row as Interview;
        await tx.insert(interviewInterviewers).values(
          data.interviewerIds.map((employeeId) => ({
            tenantId: ctx.tenantId(),
            interviewId: created.id,
            employeeId,
            startsAt: start,
            endsAt: end,
          })),
        );
        await announce(ctx, tx, 'recruiting.interview.scheduled', 'interview.schedule', null, created);
        await scheduleReminder(tx, ctx.tenantId(), created);
        return created;
      },
      () =>
        range ? { employeeIds: input.interviewerIds, candidateId, start: range.start, end: range.end } : null,
    );
  },

  async reschedule(ctx: RecruitingContext, id: string, input: RescheduleInterviewInput): Promise<Interview> {
    requireScope(ctx.identity, 'interview:update', 'all');
    const check = checkInput(rescheduleSchema, input);
    if (!isUuid(id)) check.fail('id', 'Must be a valid id');
    const range = rangeErrors(check, input);
    let clashArgs: Parameters<typeof findClash>[1] | null = null;
    return booking(
      ctx,
      async (tx) => {
        const data = check.valid();
        const current = await lockScheduled(tx, id, 'rescheduled');
        const { start, end } = range!;
        const people = (
          await tx
            .select({ employeeId: interviewInterviewers.employeeId })
            .from(interviewInterviewers)
            .where(eq(interviewInterviewers.interviewId, id))
        ).map((p) => p.employeeId);
        clashArgs = { employeeIds: people, candidateId: current.candidateId, start, end, except: id };
        await requireAvailable(tx, people, start, end);
        const clash = await findClash(tx, clashArgs);
        if (clash) throw conflict(clash);
        const [row] = await tx
          .update(interviews)
          .set({ startsAt: start, endsAt: end, rescheduleCount: sql`${interviews.rescheduleCount} + 1` })
          .where(eq(interviews.id, id))
          .returning();
        await tx
          .update(interviewInterviewers)
          .set({ startsAt: start, endsAt: end })
          .where(eq(interviewInterviewers.interviewId, id));
        await tx.insert(interviewReschedules).values({
          tenantId: ctx.tenantId(),
          interviewId: id,
          fromStartsAt: current.startsAt,
          fromEndsAt: current.endsAt,
          toStartsAt: start,
          toEndsAt: end,
          reason: data.reason,
          actorId: ctx.identity.userId,
        });
        const after = row as Interview;
        await announce(ctx, tx, 'recruiting.interview.rescheduled', 'interview.reschedule', current, after, {
          previousStartsAt: iso(current.startsAt),
          previousEndsAt: iso(current.endsAt),
          reason: data.reason,
        });
        // The reminder moves with the interview (same key: the pending one is replaced).
        await scheduleReminder(tx, ctx.tenantId(), after);
        return after;
      },
      () => clashArgs,
    );
  },

  async cancel(ctx: RecruitingContext, id: string, reason: string): Promise<Interview> {
    requireScope(ctx.identity, 'interview:update', 'all');
    const check = checkInput(z.object({ reason: text(1, 2000, 'Reason') }), { reason }, '');
    if (!isUuid(id)) check.fail('id', 'Must be a valid id');
    const data = check.valid();
    return ctx.tx(async (tx) => {
      const current = await lockScheduled(tx, id, 'cancelled');
      return finish(ctx, tx, current, 'CANCELLED', { cancelReason: data.reason }, data.reason);
    });
  },

  async markNoShow(ctx: RecruitingContext, id: string): Promise<Interview> {
    requireScope(ctx.identity, 'interview:update', 'all');
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    return ctx.tx(async (tx) => {
      const current = await lockScheduled(tx, id, 'marked as no-show');
      if (current.startsAt > clock.now())
        throw conflict('An interview that has not started cannot be a no-show');
      return finish(ctx, tx, current, 'NO_SHOW', {});
    });
  },

  async complete(ctx: RecruitingContext, id: string): Promise<Interview> {
    requireScope(ctx.identity, 'interview:update', 'all');
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    return ctx.tx(async (tx) => {
      const current = await lockScheduled(tx, id, 'completed');
      if (current.startsAt > clock.now())
        throw conflict('An interview that has not started cannot be completed');
      return finish(ctx, tx, current, 'COMPLETED', {});
    });
  },

  async addBusyBlock(ctx: RecruitingContext, input: AddBusyBlockInput) {
    const check = checkInput(
      z.object({
        employeeId: rules.uuid(),
        ...timeRange,
        kind: z.enum(['OUT_OF_OFFICE', 'MEETING', 'OTHER']).nullish(),
        note: z.string().trim().max(500).nullish(),
      }),
      input,
    );
    if (!check.bad('input.employeeId')) requireCalendarAccess(ctx, input.employeeId);
    else requireScope(ctx.identity, 'interview:read', 'own');
    rangeErrors(check, input, 31 * 24 * HOUR, false);
    return ctx.tx(async (tx) => {
      if (!check.bad('input.employeeId') && !(await isKnownEmployee(tx, input.employeeId))) {
        check.fail('input.employeeId', 'Unknown employee');
      }
      const data = check.valid();
      const [row] = await tx
        .insert(busyBlocks)
        .values({
          tenantId: ctx.tenantId(),
          employeeId: data.employeeId,
          kind: data.kind ?? 'MEETING',
          startsAt: data.startsAt,
          endsAt: data.endsAt,
          note: data.note || null,
        })
        .returning();
      await recordAudit(tx, auditLog, [
        {
          tenantId: ctx.tenantId(),
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'busy_block.create',
          entityType: 'BusyBlock',
          entityId: row!.id,
          after: row,
        },
      ]);
      return row!;
    });
  },

  async setWorkingHours(ctx: RecruitingContext, employeeId: string, input: WorkingHoursInput) {
    const hhmm = z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Must be HH:MM')
      .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3)));
    const check = checkInput(
      z.object({
        timeZone: z.string().refine(isValidTimeZone, 'Must be an IANA time zone such as Europe/Berlin'),
        weekdays: z
          .array(z.number().int().min(1, 'Weekdays are 1–7').max(7, 'Weekdays are 1–7'))
          .min(1, 'At least one working day')
          .refine((d) => new Set(d).size === d.length, 'Weekdays must be distinct'),
        start: hhmm,
        end: hhmm,
      }),
      input,
    );
    if (!isUuid(employeeId)) {
      check.fail('employeeId', 'Must be a valid id');
      requireScope(ctx.identity, 'interview:read', 'own');
    } else requireCalendarAccess(ctx, employeeId);
    return ctx.tx(async (tx) => {
      if (isUuid(employeeId) && !(await isKnownEmployee(tx, employeeId)))
        check.fail('employeeId', 'Unknown employee');
      const data = check.valid();
      if (data.end <= data.start) throw badInput([{ field: 'input.end', message: 'Must be after start' }]);
      const values = {
        tenantId: ctx.tenantId(),
        employeeId,
        timeZone: data.timeZone,
        weekdays: [...data.weekdays].sort(),
        startMinute: data.start,
        endMinute: data.end,
      };
      const [row] = await tx
        .insert(workingHours)
        .values(values)
        .onConflictDoUpdate({ target: [workingHours.tenantId, workingHours.employeeId], set: values })
        .returning();
      await recordAudit(tx, auditLog, [
        {
          tenantId: ctx.tenantId(),
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'working_hours.set',
          entityType: 'Employee',
          entityId: employeeId,
          after: row,
        },
      ]);
      return row!;
    });
  },

  async get(ctx: RecruitingContext, id: string): Promise<Interview | null> {
    requireScope(ctx.identity, 'interview:read', 'own');
    if (!isUuid(id)) return null;
    return ctx.tx(async (tx) => {
      const visible = await interviewVisibility(ctx, tx);
      const [row] = await tx
        .select()
        .from(interviews)
        .where(and(eq(interviews.id, id), visible));
      return (row as Interview | undefined) ?? null;
    });
  },

  /** SCHEDULED interviews of one interviewer starting in [from, to), earliest first (at most 200). */
  async upcoming(
    ctx: RecruitingContext,
    forEmployee: string | null,
    fromRaw: string,
    toRaw: string,
  ): Promise<Interview[]> {
    requireScope(ctx.identity, 'interview:read', 'own');
    const employeeId = forEmployee ?? ctx.identity.employeeId;
    const check = checkInput(z.object({}), {});
    if (!employeeId) check.fail('forEmployee', 'Give an employee (your login has none)');
    else if (!isUuid(employeeId)) check.fail('forEmployee', 'Must be a valid id');
    const { from, to } = windowOf(check, fromRaw, toRaw, 92 * 24 * HOUR);
    check.valid();
    return ctx.tx(async (tx) => {
      const visible = await interviewVisibility(ctx, tx);
      return (await tx
        .select()
        .from(interviews)
        .where(
          and(
            visible,
            eq(interviews.status, 'SCHEDULED'),
            sql`${interviews.startsAt} >= ${iso(from)}::timestamptz and ${interviews.startsAt} < ${iso(to)}::timestamptz`,
            sql`exists (select 1 from recruiting.interview_interviewers ii where ii.interview_id = ${interviews.id} and ii.employee_id = ${employeeId}::uuid)`,
          ),
        )
        .orderBy(asc(interviews.startsAt), asc(interviews.id))
        .limit(200)) as Interview[];
    });
  },

  /** `Employee.interviews`: every interview the employee sits on, newest first. */
  async forInterviewer(
    ctx: RecruitingContext,
    employeeId: string,
    page: PageArgs,
  ): Promise<Connection<Interview> | null> {
    const scope = scopeFor(ctx.identity, 'interview', 'read');
    if (!scope || (scope === 'own' && ctx.identity.employeeId !== employeeId) || !isUuid(employeeId))
      return null;
    return ctx.tx(async (tx) => {
      const visible = await interviewVisibility(ctx, tx);
      const where = and(
        visible,
        sql`exists (select 1 from recruiting.interview_interviewers ii where ii.interview_id = ${interviews.id} and ii.employee_id = ${employeeId}::uuid)`,
      );
      return paginate<typeof interviews, Interview>(
        tx,
        { table: interviews, key: interviews.id, where, order: 'desc' },
        page,
      );
    });
  },

  async availability(ctx: RecruitingContext, employeeIds: string[], fromRaw: string, toRaw: string) {
    requireScope(ctx.identity, 'interview:read', 'team');
    const check = checkInput(
      z.object({
        employeeIds: z.array(rules.uuid()).min(1, 'At least one employee').max(20, 'At most 20 employees'),
      }),
      { employeeIds },
      '',
    );
    const { from, to } = windowOf(check, fromRaw, toRaw);
    check.valid();
    const ids = [...new Set(employeeIds)];
    return ctx.tx(async (tx) => {
      const [weeks, busy] = await Promise.all([weeksOf(tx, ids), busyOf(tx, ids, from, to)]);
      return ids.map((id) => {
        const week = weeks.get(id) ?? DEFAULT_WEEK;
        return Object.assign(new InterviewerAvailability(), {
          employee: Employee.ref(id),
          timeZone: week.timeZone,
          free: freeIntervals(week, busy.get(id) ?? [], from.getTime(), to.getTime()).map((i) =>
            Object.assign(new TimeInterval(), { start: new Date(i.start), end: new Date(i.end) }),
          ),
        });
      });
    });
  },

  async suggest(
    ctx: RecruitingContext,
    args: {
      applicationId: string;
      interviewerIds: string[];
      durationMinutes: number;
      from: string;
      to: string;
      count: number | null;
    },
  ): Promise<SuggestedInterviewSlot[]> {
    requireScope(ctx.identity, 'interview:create', 'all');
    const check = checkInput(
      z.object({
        applicationId: rules.uuid(),
        interviewerIds: z
          .array(rules.uuid())
          .min(1, 'At least one interviewer')
          .max(10, 'At most 10 interviewers')
          .refine((ids) => new Set(ids).size === ids.length, 'Interviewers must be distinct'),
        durationMinutes: z
          .number()
          .int()
          .min(15, 'At least 15 minutes')
          .max(480, 'At most 8 hours (480 minutes)'),
        count: z.number().int().min(1, 'At least 1').max(20, 'At most 20').nullish(),
      }),
      args,
      '',
    );
    const window = windowOf(check, args.from, args.to);
    const data = check.valid();
    // Never suggest the past: the window starts now at the earliest.
    const from = Math.max(window.from.getTime(), clock.now().getTime());
    const to = window.to.getTime();
    return ctx.tx(async (tx) => {
      const [app] = await tx.select().from(applications).where(eq(applications.id, data.applicationId));
      if (!app) throw notFound('Application', data.applicationId);
      if (to <= from) return [];
      const [weeks, busy, candidateBusy] = await Promise.all([
        weeksOf(tx, data.interviewerIds),
        busyOf(tx, data.interviewerIds, new Date(from), new Date(to)),
        tx
          .select({ startsAt: interviews.startsAt, endsAt: interviews.endsAt })
          .from(interviews)
          .where(
            and(
              eq(interviews.candidateId, app.candidateId),
              inArray(interviews.status, ['SCHEDULED', 'COMPLETED']),
              lt(interviews.startsAt, new Date(to)),
              gt(interviews.endsAt, new Date(from)),
            ),
          ),
      ]);
      const free = data.interviewerIds.map((id) =>
        freeIntervals(weeks.get(id) ?? DEFAULT_WEEK, busy.get(id) ?? [], from, to),
      );
      const candidateFree = freeIntervals(
        { timeZone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440 },
        candidateBusy.map((b) => ({ start: b.startsAt.getTime(), end: b.endsAt.getTime() })),
        from,
        to,
      );
      const dayZone = (weeks.get(data.interviewerIds[0]!) ?? DEFAULT_WEEK).timeZone;
      return suggestSlots(
        [...free, candidateFree],
        data.durationMinutes * 60_000,
        data.count ?? 5,
        dayZone,
      ).map((s) =>
        Object.assign(new SuggestedInterviewSlot(), {
          startsAt: new Date(s.start),
          endsAt: new Date(s.end),
          fragments: s.fragments,
        }),
      );
    });
  },

  async analytics(ctx: RecruitingContext, fromRaw: string, toRaw: string): Promise<SchedulingAnalytics> {
    requireScope(ctx.identity, 'interview:read', 'all');
    const check = checkInput(z.object({}), {});
    const { from, to } = windowOf(check, fromRaw, toRaw, 3660 * 24 * HOUR);
    check.valid();
    return ctx.tx(async (tx) => {
      const inWindow = sql`i.starts_at >= ${iso(from)}::timestamptz and i.starts_at < ${iso(to)}::timestamptz`;
      const [totals] = await selectRows<{
        n: number;
        completed: number;
        no_show: number;
        reschedules: number;
        rescheduled: number;
      }>(
        tx,
        sql`select count(*)::int as n,
                   count(*) filter (where status = 'COMPLETED')::int as completed,
                   count(*) filter (where status = 'NO_SHOW')::int as no_show,
                   coalesce(sum(reschedule_count), 0)::int as reschedules,
                   count(*) filter (where reschedule_count > 0)::int as rescheduled
              from recruiting.interviews i where ${inWindow}`,
      );
      const [toSchedule] = await selectRows<{ hours: string | null }>(
        tx,
        sql`select round(avg(extract(epoch from (first.created_at - a.created_at)) / 3600)::numeric, 2)::text as hours
              from recruiting.applications a
              join lateral (select i.created_at, i.starts_at from recruiting.interviews i
                             where i.application_id = a.id order by i.created_at, i.id limit 1) first on true
             where first.starts_at >= ${iso(from)}::timestamptz and first.starts_at < ${iso(to)}::timestamptz`,
      );
      const hours = await selectRows<{ hour: number; count: number }>(
        tx,
        sql`select extract(hour from i.starts_at at time zone 'UTC')::int as hour, count(*)::int as count
              from recruiting.interviews i where ${inWindow} group by 1 order by 2 desc, 1`,
      );
      const weekdays = await selectRows<{ weekday: number; count: number }>(
        tx,
        sql`select extract(isodow from i.starts_at at time zone 'UTC')::int as weekday, count(*)::int as count
              from recruiting.interviews i where ${inWindow} group by 1 order by 2 desc, 1`,
      );
      const t = totals ?? { n: 0, completed: 0, no_show: 0, reschedules: 0, rescheduled: 0 };
      const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
      return Object.assign(new SchedulingAnalytics(), {
        interviews: t.n,
        noShowRate: ratio(t.no_show, t.completed + t.no_show),
        rescheduleCount: t.reschedules,
        rescheduleRate: ratio(t.rescheduled, t.n),
        averageHoursToSchedule:
          toSchedule?.hours === null || toSchedule === undefined ? null : Number(toSchedule.hours),
        busiestHours: hours,
        busiestWeekdays: weekdays,
      });
    });
  },

  /** Whether the caller's application access covers the interview's posting (for `Interview.application`). */
  async canSeeApplication(ctx: RecruitingContext, i: Interview): Promise<boolean> {
    const scope = scopeFor(ctx.identity, 'application', 'read');
    if (scope !== 'all' && scope !== 'team') return false;
    const access = await ctx.loaders.pipelineAccess.load('application:read');
    if (access.departments === null) return true;
    const app = await ctx.loaders.applicationById.load(i.applicationId);
    const posting = app ? await ctx.loaders.jobPostingById.load(app.postingId) : null;
    return posting ? covers(access, posting.departmentId) : false;
  },
};

async function finish(
  ctx: RecruitingContext,
  tx: Tx,
  current: Interview,
  status: InterviewStatus,
  patch: Partial<typeof interviews.$inferInsert>,
  reason?: string,
): Promise<Interview> {
  const [row] = await tx
    .update(interviews)
    .set({ ...patch, status })
    .where(eq(interviews.id, current.id))
    .returning();
  // Cancelled and no-show interviews free the slot; a completed one keeps it (it took place).
  if (status !== 'COMPLETED') {
    await tx
      .update(interviewInterviewers)
      .set({ active: false })
      .where(eq(interviewInterviewers.interviewId, current.id));
  }
  const after = row as Interview;
  // Cancelled, no-show or completed: nothing left to remind anyone of.
  await dropReminder(tx, ctx.tenantId(), current.id);
  const type = {
    CANCELLED: 'recruiting.interview.cancelled',
    NO_SHOW: 'recruiting.interview.no_show',
    COMPLETED: 'recruiting.interview.completed',
    SCHEDULED: 'recruiting.interview.scheduled',
  }[status] as InterviewEvent;
  await announce(
    ctx,
    tx,
    type,
    `interview.${status.toLowerCase()}`,
    current,
    after,
    reason ? { reason } : {},
  );
  return after;
}
