/**
 * Type-level test of the event catalogue: never run, only compiled by `pnpm typecheck`. Each
 * `@ts-expect-error` must be an error — if a wrong payload or an unknown event type ever
 * compiles, tsc reports the directive as unused and typecheck fails.
 */
import type { Database, Tx } from '@wg/db';
import { processedEvents } from '@wg/db/finance';
import { outbox } from '@wg/db/work';
import type { Bus } from '@wg/runtime/events';
import { emitEvent, emitEvents, startConsumer } from '@wg/runtime/outbox';

const line = { entryId: 'e', employeeId: 'm', projectId: 'p', date: '2026-01-05', hours: '7.50' };
const envelope = { tenantId: 't', aggregateType: 'TimesheetBatch', aggregateId: 'b' };

export async function emitting(tx: Tx): Promise<void> {
  await emitEvent(tx, outbox, { ...envelope, type: 'work.timesheet.logged', data: { entries: [line] } });

  const wrongHours = { ...line, hours: 7.5 };
  await emitEvent(tx, outbox, {
    ...envelope,
    type: 'work.timesheet.logged',
    // @ts-expect-error hours are a decimal string, not a number
    data: { entries: [wrongHours] },
  });

  // @ts-expect-error a logged batch has `entries`, a correction has `entry`
  await emitEvent(tx, outbox, { ...envelope, type: 'work.timesheet.deleted', data: { entries: [line] } });

  // @ts-expect-error no domain declares this event type
  await emitEvent(tx, outbox, { ...envelope, type: 'work.timesheet.misspelt', data: { entries: [line] } });

  // Several types in one call: each event is checked against its own type.
  await emitEvents(tx, outbox, [
    { ...envelope, type: 'work.timesheet.logged', data: { entries: [line] } },
    { ...envelope, type: 'work.timesheet.deleted', data: { entry: line } },
  ]);
  await emitEvents(tx, outbox, [
    { ...envelope, type: 'work.timesheet.logged', data: { entries: [line] } },
    // @ts-expect-error the second event's payload belongs to the first event's type
    { ...envelope, type: 'work.timesheet.deleted', data: { entries: [line] } },
  ]);
}

export function consuming(database: Database, bus: Bus) {
  return startConsumer(database, bus, {
    group: 'typecheck',
    inbox: processedEvents,
    accepts: ['work.timesheet.logged', 'work.timesheet.deleted'],
    handle: async (_tx, events) => {
      for (const event of events) {
        if (event.type === 'work.timesheet.deleted') {
          const hours: string = event.data.entry.hours;
          // @ts-expect-error a deletion carries one `entry`, not `entries`
          void event.data.entries;
          void hours;
        } else {
          const first: string | undefined = event.data.entries[0]?.entryId;
          // @ts-expect-error accepts did not list finance's events
          if (event.type === 'finance.labor.costed') void first;
        }
      }
    },
  });
}
