import type { Database } from '@wg/db';
import { auditLog, placementRates, processedEvents } from '@wg/db/finance';
import { type Bus, Dec, recordAudit, rootLogger, startConsumer } from '@wg/runtime';

const RATE = /^\d{1,12}\.\d{2}$/;
const RATIO = /^-?\d\.\d{4}$/;

/**
 * A placement's billing and pay rate from `recruiting.rate.finalized` (group `finance.placements`).
 * Exactly once: finance's inbox (`processed_events`, same transaction) drops a redelivered event,
 * and the row's key is the negotiation, so even a second event for the same negotiation adds
 * nothing (`ON CONFLICT DO NOTHING`). A malformed payload is logged and skipped rather than
 * wedging the group.
 */
export function startPlacementRateConsumer(database: Database, bus: Bus) {
  return startConsumer(database, bus, {
    group: 'finance.placements',
    inbox: processedEvents,
    accepts: ['recruiting.rate.finalized'],
    handle: async (tx, events) => {
      for (const e of events) {
        const d = e.data;
        const valid =
          RATE.test(d.billRate) &&
          RATE.test(d.payRate) &&
          RATIO.test(d.margin) &&
          Dec.of(d.payRate).gt('0') &&
          Dec.of(d.payRate).lte(d.billRate) &&
          /^[A-Z]{3}$/.test(d.currency) &&
          (d.unit === 'HOUR' || d.unit === 'DAY') &&
          !Number.isNaN(Date.parse(d.finalizedAt));
        if (!valid) {
          rootLogger.warn({ eventId: e.id, type: e.type }, 'finance: malformed rate.finalized skipped');
          continue;
        }
        const [row] = await tx
          .insert(placementRates)
          .values({
            tenantId: e.tenantId,
            negotiationId: d.negotiationId,
            postingId: d.postingId,
            departmentId: d.departmentId || null,
            applicationId: d.applicationId,
            candidateId: d.candidateId,
            employeeId: d.employeeId,
            jobTitle: d.jobTitle,
            currency: d.currency,
            unit: d.unit,
            billRate: d.billRate,
            payRate: d.payRate,
            margin: d.margin,
            effectiveFrom: d.finalizedAt.slice(0, 10),
            agreedAt: new Date(d.finalizedAt),
            eventId: e.id,
          })
          .onConflictDoNothing()
          .returning();
        if (!row) continue;
        await recordAudit(tx, auditLog, [
          {
            tenantId: e.tenantId,
            actorId: null,
            requestId: `rate:${d.negotiationId}`,
            action: 'placement_rate.record',
            entityType: 'PlacementRate',
            entityId: d.negotiationId,
            after: row,
          },
        ]);
      }
    },
  });
}
