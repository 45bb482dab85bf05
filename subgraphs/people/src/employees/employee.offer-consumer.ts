import { type Database, type Tx, withTenant } from '@wg/db';
import { auditLog, departments, employeeHistory, employees, outbox } from '@wg/db/people';
import type { OfferAcceptedData } from '@wg/recruiting/events';
import { type Bus, emitEvents, outboxSignal, recordAudit, rootLogger } from '@wg/runtime';
import { eq } from 'drizzle-orm';
import { reserveSeat } from '../positions/position.service';
import { allocateEmployeeNumbers, employeeSnapshot } from './employee.records';
import { scheduleStart, statusOnHire } from './employee.start';
import type { Employee } from './employee.type';

/**
 * Hires the candidate of an accepted offer (`recruiting.offer.accepted`). Exactly once by
 * construction: recruiting mints the employee id when the offer is accepted, and the insert is
 * `ON CONFLICT (id) DO NOTHING`, so a redelivered event (or a second consumer replica) finds the
 * employee already there and writes nothing — no history row, no event, no audit. People has no
 * inbox table; the id is the idempotency key.
 *
 * The new employee starts on the offer's start date (`hireDate` = `startDate`), in the posting's
 * department and position (when the posting names one and it has a free seat; otherwise without a
 * position, logged), with the posting's title. Status is PENDING_START while the start date is
 * ahead (a durable job makes it ACTIVE on the day, see employee.start.ts), else ACTIVE. The candidate's email becomes
 * the work email (and the personal email); when it is taken, `+<offer id prefix>` is added to it.
 * Internal candidates (`internal: true`) are employees already: nobody is created.
 */
export async function startOfferConsumer(database: Database, bus: Bus) {
  return bus.subscribe('people.offers', async (events) => {
    for (const event of events) {
      if (event.type !== 'recruiting.offer.accepted') continue;
      const data = event.data as unknown as OfferAcceptedData;
      if (data.internal || typeof data.employeeId !== 'string') continue;
      try {
        const hired = await withTenant(database, { tenantId: event.tenantId }, (tx) =>
          hire(tx, event.tenantId, data),
        );
        if (hired) outboxSignal.emit('committed');
      } catch (error) {
        // A malformed or unplaceable offer must not wedge the group: log it and move on.
        rootLogger.error({ err: error, eventId: event.id }, 'people: could not hire from an accepted offer');
      }
    }
  });
}

async function hire(tx: Tx, tenantId: string, data: OfferAcceptedData) {
  const [existing] = await tx
    .select({ id: employees.id })
    .from(employees)
    .where(eq(employees.id, data.employeeId));
  if (existing) return false;
  const [department] = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(eq(departments.id, data.departmentId));
  if (!department) throw new Error(`unknown department ${data.departmentId}`);
  const email = data.email.toLowerCase();
  const [taken] = await tx.select({ id: employees.id }).from(employees).where(eq(employees.workEmail, email));
  const workEmail = taken ? email.replace('@', `+${data.id.slice(-8)}@`) : email;
  const positionId = data.positionId ? await freeSeat(tx, data) : null;
  const [number] = await allocateEmployeeNumbers(tx, tenantId, 1);
  const [created] = await tx
    .insert(employees)
    .values({
      id: data.employeeId,
      tenantId,
      employeeNumber: number!,
      firstName: data.firstName,
      lastName: data.lastName,
      workEmail,
      personalEmail: email,
      phone: data.phone,
      jobTitle: data.jobTitle,
      hireDate: data.startDate,
      startDate: data.startDate,
      status: statusOnHire(data.startDate),
      positionId,
      employmentType: data.employmentType as Employee['employmentType'],
      departmentId: data.departmentId,
    })
    .onConflictDoNothing({ target: employees.id })
    .returning();
  if (!created) return false;
  const row = created as Employee;
  await scheduleStart(tx, row);
  const after = {
    status: row.status,
    departmentId: row.departmentId,
    positionId: row.positionId,
    jobTitle: row.jobTitle,
    offerId: data.id,
  };
  await tx.insert(employeeHistory).values({
    tenantId,
    employeeId: row.id,
    kind: 'HIRE',
    effectiveDate: row.hireDate,
    before: {},
    after,
    actorId: null,
    requestId: `offer:${data.id}`,
  });
  await emitEvents(tx, outbox, [
    {
      tenantId,
      type: 'people.employee.hired',
      aggregateType: 'Employee',
      aggregateId: row.id,
      data: employeeSnapshot(row, {
        kind: 'HIRE',
        effectiveDate: row.hireDate,
        before: {},
        after: { departmentId: row.departmentId, managerId: null, positionId: row.positionId },
      }),
    },
  ]);
  await recordAudit(tx, auditLog, [
    {
      tenantId,
      actorId: null,
      requestId: `offer:${data.id}`,
      action: 'employee.create',
      entityType: 'Employee',
      entityId: row.id,
      after: { employeeNumber: row.employeeNumber, departmentId: row.departmentId, offerId: data.id },
    },
  ]);
  return true;
}

/**
 * The posting's position, if it still exists, is in the hire's department and has a free seat.
 * Otherwise the hire goes ahead without a position (an accepted offer is a hire either way; HR
 * assigns one with `promoteEmployee`) and the reason is logged.
 */
async function freeSeat(tx: Tx, data: OfferAcceptedData): Promise<string | null> {
  const positionId = data.positionId!;
  try {
    const position = await reserveSeat(tx, positionId);
    if (position && position.departmentId === data.departmentId) return position.id;
    rootLogger.warn(
      { offerId: data.id, positionId },
      "people: hire without the posting's position (unknown or in another department)",
    );
  } catch (error) {
    rootLogger.warn(
      { offerId: data.id, positionId, err: error },
      "people: hire without the posting's position (no free seat)",
    );
  }
  return null;
}
