import type { Database } from '@wg/db';
import { inbox } from '@wg/db/security';
import { type Bus, startConsumer } from '@wg/runtime';
import { ConsumedEventTypes, type DataExportedData } from '../events';
import { raiseAlert } from './alert.service';

/** Exports above this many records raise a BULK_EXPORT alert (env BULK_EXPORT_ALERT_THRESHOLD). */
export const bulkExportThreshold = () => {
  const n = Number(process.env.BULK_EXPORT_ALERT_THRESHOLD ?? 1000);
  return Number.isInteger(n) && n > 0 ? n : 1000;
};

/**
 * How other subgraphs raise the bulk-export alert without calling security: they emit
 * `data.exported` (or `people.employee.exported`) through their outbox with
 * `{ entityType, count, actorId, apiKeyId?, via? }`; this consumer raises one alert per export
 * over the threshold, idempotently (event ids in security.processed_events).
 */
export function startExportConsumer(database: Database, bus: Bus) {
  return startConsumer(database, bus, {
    group: 'security.exports',
    inbox,
    accepts: Object.values(ConsumedEventTypes),
    handle: async (tx, events) => {
      const threshold = bulkExportThreshold();
      for (const event of events) {
        // Typed by the contract, checked anyway: any subgraph may emit it, and a bad one must not wedge us.
        const data: Partial<DataExportedData> = event.data;
        const n = typeof data.count === 'number' ? data.count : Number.NaN;
        if (!(n > threshold)) continue;
        const entityType = typeof data.entityType === 'string' ? data.entityType.slice(0, 100) : 'records';
        await raiseAlert(tx, {
          tenantId: event.tenantId,
          kind: 'BULK_EXPORT',
          severity: n > threshold * 10 ? 'HIGH' : 'MEDIUM',
          summary: `${n} ${entityType} records exported at once`,
          userId: typeof data.actorId === 'string' ? data.actorId : null,
          apiKeyId: typeof data.apiKeyId === 'string' ? data.apiKeyId : null,
          details: {
            entityType,
            count: n,
            threshold,
            via: typeof data.via === 'string' ? data.via.slice(0, 200) : null,
            eventId: event.id,
            eventType: event.type,
            occurredAt: event.occurredAt,
          },
          requestId: `event:${event.id}`,
        });
      }
    },
  });
}
