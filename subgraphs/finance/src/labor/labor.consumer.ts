import type { Database } from '@wg/db';
import { processedEvents } from '@wg/db/finance';
import { type Bus, startConsumer } from '@wg/runtime';
import { laborService } from './labor.service';

/**
 * Labour costing: every `work.timesheet.logged` event is priced once (the inbox drops
 * redeliveries) and announced as `finance.labor.costed` through finance's outbox. A resubmitted
 * (corrected) entry is re-priced and a deleted one removed, each announced as a signed line.
 */
export const startLaborConsumer = (database: Database, bus: Bus) =>
  startConsumer(database, bus, {
    group: 'finance.labor',
    inbox: processedEvents,
    accepts: ['work.timesheet.logged', 'work.timesheet.resubmitted', 'work.timesheet.deleted'],
    handle: (tx, events) => laborService.applyTimesheetEvents(tx, events),
  });
