import type { Tx } from '@wg/db';
import {
  applications,
  candidates,
  entityRefs,
  interviewInterviewers,
  interviews,
  jobPostings,
  jobs,
  recruitingSettings,
} from '@wg/db/recruiting';
import { clock, rootLogger } from '@wg/runtime';
import { cancelJobs, enqueueJob, type Job, type JobContext } from '@wg/runtime/jobs';
import { getMailer } from '@wg/runtime/mail';
import { and, asc, eq, sql } from 'drizzle-orm';

/** The queue of interview reminders in recruiting's `jobs` table. */
export const REMINDER_QUEUE = 'recruiting.interview.reminder';

export interface ReminderPayload {
  interviewId: string;
  /** The start the reminder was planned for: a reminder for a start that moved is void. */
  startsAt: string;
  [key: string]: unknown;
}

const HOUR = 3_600_000;
export const DEFAULT_REMINDER_LEAD_HOURS = 24;

/** The tenant's reminder lead time in hours (`recruitingSettings`; the default when never set). */
export async function reminderLeadHours(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await tx
    .select({ hours: recruitingSettings.reminderLeadHours })
    .from(recruitingSettings)
    .where(eq(recruitingSettings.tenantId, tenantId));
  return row?.hours ?? DEFAULT_REMINDER_LEAD_HOURS;
}
const keyOf = (interviewId: string) => `interview:${interviewId}`;

/**
 * Plans (or moves) the reminder of a SCHEDULED interview, in the caller's transaction: due
 * `reminderLeadHours` before the start (at once when that is already past). The job's key is the
 * interview, so a reschedule replaces the pending reminder instead of adding one.
 */
export async function scheduleReminder(
  tx: Tx,
  tenantId: string,
  interview: { id: string; startsAt: Date },
): Promise<void> {
  const lead = await reminderLeadHours(tx, tenantId);
  const due = new Date(interview.startsAt.getTime() - lead * HOUR);
  const now = clock.now();
  await enqueueJob<ReminderPayload>(tx, jobs, {
    tenantId,
    queue: REMINDER_QUEUE,
    key: keyOf(interview.id),
    runAt: due > now ? due : now,
    payload: { interviewId: interview.id, startsAt: interview.startsAt.toISOString() },
  });
}

/** Drops the interview's pending reminder (cancelled, no-show, completed), in the caller's transaction. */
export async function dropReminder(tx: Tx, tenantId: string, interviewId: string): Promise<void> {
  await cancelJobs(tx, jobs, { tenantId, queue: REMINDER_QUEUE, key: keyOf(interviewId) });
}

/**
 * A new lead time: every reminder not yet sent (pending, never tried) moves to its interview's
 * start minus `lead` hours — at the earliest now — in the caller's (tenant) transaction.
 */
export async function retimeReminders(tx: Tx, tenantId: string, lead: number): Promise<void> {
  const now = clock.now().toISOString();
  await tx.execute(sql`
    update recruiting.jobs j
       set run_at = greatest(i.starts_at - make_interval(hours => ${lead}::int), ${now}::timestamptz),
           updated_at = now()
      from recruiting.interviews i
     where j.tenant_id = ${tenantId}::uuid and j.queue = ${REMINDER_QUEUE} and j.status = 'pending'
       and j.attempts = 0 and i.id = (j.payload->>'interviewId')::uuid`);
}

interface Recipient {
  /** Names the mail in the job's receipts: `candidate:<id>` / `interviewer:<id>`. */
  effect: string;
  to: string;
  subject: string;
  text: string;
}

/** When, in a zone the reader knows: "Tue, 12 May 2026, 14:00 (Europe/Berlin)". */
function when(at: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${local} (${timeZone})`;
}

/** Who gets what: read when the reminder is due, so interviewer changes made meanwhile count. */
async function recipientsOf(tx: Tx, job: Job<ReminderPayload>): Promise<Recipient[] | null> {
  const [row] = await tx
    .select({ interview: interviews, candidate: candidates, title: jobPostings.title })
    .from(interviews)
    .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(jobPostings, eq(jobPostings.id, applications.postingId))
    .where(eq(interviews.id, job.payload.interviewId));
  // Gone, no longer SCHEDULED, or moved since this reminder was planned (its own reminder covers it).
  if (row?.interview.status !== 'SCHEDULED') return null;
  if (row.interview.startsAt.toISOString() !== job.payload.startsAt) return null;
  const { interview: i, candidate: c, title } = row;
  const where = [i.location, i.meetingUrl].filter(Boolean).join(' — ') || 'see your invitation';
  const panel = await tx
    .select({ employeeId: interviewInterviewers.employeeId, data: entityRefs.data })
    .from(interviewInterviewers)
    .leftJoin(
      entityRefs,
      and(eq(entityRefs.entityType, 'Employee'), eq(entityRefs.id, interviewInterviewers.employeeId)),
    )
    .where(eq(interviewInterviewers.interviewId, i.id))
    .orderBy(asc(interviewInterviewers.employeeId));
  const out: Recipient[] = [];
  if (!c.erasedAt) {
    out.push({
      effect: `candidate:${c.id}`,
      to: c.email,
      subject: `Reminder: your interview for ${title}`,
      text: `Hello ${c.firstName},\n\nthis is a reminder of your ${i.kind.toLowerCase()} interview for ${title} on ${when(i.startsAt, i.candidateTimeZone)}.\nWhere: ${where}\n`,
    });
  }
  for (const p of panel) {
    const data = (p.data ?? {}) as { workEmail?: string; firstName?: string };
    if (!data.workEmail) {
      rootLogger.warn(
        { jobId: job.id, interviewId: i.id, employeeId: p.employeeId },
        'interview reminder: interviewer has no known work email; skipped',
      );
      continue;
    }
    out.push({
      effect: `interviewer:${p.employeeId}`,
      to: data.workEmail,
      subject: `Reminder: interview with ${c.firstName} ${c.lastName} (${title})`,
      text: `Hello ${data.firstName ?? ''},\n\nyou interview ${c.firstName} ${c.lastName} for ${title} on ${when(i.startsAt, 'UTC')}.\nWhere: ${where}\n`,
    });
  }
  return out;
}

/**
 * The reminder job: one mail to the candidate and one to each interviewer, each at most once per
 * job (`ctx.once` records a receipt in the transaction that sends it, so a retry after a crash or
 * a second runner skips what was sent). The mail's `Message-ID` is derived from the job and the
 * recipient, so in the one window left — the process dies after the SMTP server took the mail
 * but before the receipt committed — the resent copy carries the same id.
 */
export async function sendInterviewReminder(job: Job<ReminderPayload>, ctx: JobContext): Promise<void> {
  const recipients = await ctx.tx((tx) => recipientsOf(tx, job));
  if (!recipients) return;
  for (const r of recipients) {
    await ctx.once(`mail:${r.effect}`, async () => {
      await getMailer().send({
        to: r.to,
        subject: r.subject,
        text: r.text,
        id: `${job.id}.${r.effect.replace(':', '-')}`,
      });
    });
  }
}
