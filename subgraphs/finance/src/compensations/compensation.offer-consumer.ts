import type { Database } from '@wg/db';
import { auditLog, compensations, outbox, processedEvents } from '@wg/db/finance';
import { type Bus, emitEvent, recordAudit, startConsumer } from '@wg/runtime';

/**
 * The new hire's compensation from an accepted offer (`recruiting.offer.accepted`): the offer's
 * annual base salary, effective from its start date. Idempotent through finance's inbox
 * (`processed_events`, same transaction), so a redelivered event adds nothing. Internal moves
 * get a compensation too (the offer is their new salary). The employee id is the one recruiting
 * minted and people creates, so the compensation and the employee meet without a lookup.
 */
export function startOfferCompensationConsumer(database: Database, bus: Bus) {
  return startConsumer(database, bus, {
    group: 'finance.offers',
    inbox: processedEvents,
    accepts: ['recruiting.offer.accepted'],
    handle: async (tx, events) => {
      for (const e of events) {
        const d = e.data;
        if (!/^\d{1,12}(\.\d{1,2})?$/.test(d.baseSalary) || !/^[A-Z]{3}$/.test(d.currency)) continue;
        const [row] = await tx
          .insert(compensations)
          .values({
            tenantId: e.tenantId,
            employeeId: d.employeeId,
            baseSalary: d.baseSalary,
            currency: d.currency,
            payFrequency: 'ANNUAL',
            effectiveFrom: d.startDate,
          })
          .returning();
        await emitEvent(tx, outbox, {
          tenantId: e.tenantId,
          type: 'finance.compensation.set',
          aggregateType: 'Compensation',
          aggregateId: row!.id,
          data: {
            employeeId: row!.employeeId,
            baseSalary: row!.baseSalary,
            currency: row!.currency,
            payFrequency: row!.payFrequency,
            effectiveFrom: row!.effectiveFrom,
          },
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId: e.tenantId,
            actorId: null,
            requestId: `offer:${d.id}`,
            action: 'compensation.set',
            entityType: 'Compensation',
            entityId: row!.id,
            after: row,
          },
        ]);
      }
    },
  });
}
