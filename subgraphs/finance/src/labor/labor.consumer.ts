import type { Database } from '@wg/db';
import { processedEvents } from '@wg/db/finance';
import { type Bus, startConsumer } from '@wg/runtime';
import { LABOR_EVENTS, laborService } from './labor.service';

/**
 * Labour costing: every `work.timesheet.logged` event is priced once (the inbox drops
 * redeliveries) and announced as `finance.labor.costed` through finance's outbox. Reviews
 * (approved / rejected), corrections (resubmitted) and deletions re-price their entries and are
 * announced as signed lines.
 */
export const startLaborConsumer = (database: Database, bus: Bus) =>
  startConsumer(database, bus, {
    group: 'finance.labor',
    inbox: processedEvents,
    accepts: LABOR_EVENTS,
    handle: (tx, events) => laborService.applyTimesheetEvents(tx, events),
  });
