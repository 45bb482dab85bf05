import { attendanceBreaks, attendanceRecords, auditLog } from '@wg/db/work';
import { recordAudit } from '@wg/runtime';
import type { Job, JobContext } from '@wg/runtime/jobs';
import { and, eq, isNull } from 'drizzle-orm';
import type { AutoClosePayload } from './attendance.service';

/**
 * The forgotten-clock-out rule (queue `work.attendance.auto_close`, due at clock-in +
 * `afterHours`): a record still open is closed at that instant — an open break ends there too —
 * and flagged `autoClosed` + `needsReview`, so a reviewer confirms or corrects it
 * (`reviewAttendanceRecord`). Runs once (the job's completing transaction); a record closed
 * meanwhile is left alone (clock-out also cancels the job).
 */
export async function autoCloseRecord(job: Job<AutoClosePayload>, jobCtx: JobContext): Promise<void> {
  await jobCtx.complete(async (tx) => {
    const [row] = await tx
      .select()
      .from(attendanceRecords)
      .where(eq(attendanceRecords.id, job.payload.recordId))
      .for('update');
    if (!row || row.clockOut) return;
    const at = new Date(row.clockIn.getTime() + job.payload.afterHours * 3_600_000);
    await tx
      .update(attendanceBreaks)
      .set({ endedAt: at })
      .where(and(eq(attendanceBreaks.recordId, row.id), isNull(attendanceBreaks.endedAt)));
    const [closed] = await tx
      .update(attendanceRecords)
      .set({ clockOut: at, autoClosed: true, needsReview: true, updatedAt: new Date() })
      .where(eq(attendanceRecords.id, row.id))
      .returning();
    await recordAudit(tx, auditLog, [
      {
        tenantId: row.tenantId,
        actorId: null,
        requestId: `job:${job.id}`,
        action: 'attendance.auto_close',
        entityType: 'AttendanceRecord',
        entityId: row.id,
        before: row,
        after: closed,
      },
    ]);
  });
}
