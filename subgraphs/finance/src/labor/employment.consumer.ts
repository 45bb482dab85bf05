import type { Database, Tx } from '@wg/db';
import { entityRefs, processedEvents } from '@wg/db/finance';
import { type Bus, type DomainEvent, latestPerEntity, startConsumer, upsertRefs } from '@wg/runtime';
import { and, eq, inArray } from 'drizzle-orm';
import { type Stint, stintsAfter, storedStints } from './employment';
import { laborService, linesOfEmployee, lockPricing } from './labor.service';

/** The replicated entities finance keeps in `entity_refs` (people's employees, work's projects). */
const REPLICATED = ['Employee', 'Project'];

/** The stored snapshots of `ids` (Employee refs). */
async function storedEmployees(tx: Tx, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: entityRefs.id, data: entityRefs.data })
    .from(entityRefs)
    .where(and(eq(entityRefs.entityType, 'Employee'), inArray(entityRefs.id, ids)));
  return new Map(rows.map((r) => [r.id, (r.data ?? {}) as Record<string, unknown>]));
}

/**
 * Folds a batch's employee events in order onto what finance knew: each event's stints (people's
 * own, or — for an event recorded before people published them — derived from the previous ones
 * and the snapshot's current period). Returns the stints after the batch, per employee.
 */
export function foldStints(
  known: ReadonlyMap<string, Record<string, unknown>>,
  events: readonly DomainEvent[],
): Map<string, Stint[]> {
  const out = new Map<string, Stint[]>();
  for (const e of events) {
    if (e.aggregate.type !== 'Employee') continue;
    const id = e.aggregate.id;
    const previous = out.get(id) ?? storedStints(known.get(id));
    out.set(id, stintsAfter(previous, (e.data ?? {}) as Record<string, unknown>));
  }
  return out;
}

/**
 * Finance's replica of employees and projects (group `finance.refs`, the group the runtime's
 * generic refs consumer used, so nothing is applied twice on upgrade), with one addition: every
 * employee snapshot is stored with its employment stints (`data.stints`, people's, or derived from
 * the events before people published them), and when an event changes them (a termination
 * recorded after lines it covers, a rehire, a corrected hire or termination date) every priced
 * line of the employee is re-priced under the rule (a line counts only on a day inside a stint;
 * the days of an earlier stint stay employment) and the signed differences are announced as
 * `finance.labor.costed` (aggregate id = the people event), in the same transaction as the
 * replica — one writer, so the re-pricing always reads the stints it was triggered by.
 */
export const startRefsAndEmploymentConsumer = (database: Database, bus: Bus) =>
  startConsumer(database, bus, {
    group: 'finance.refs',
    inbox: processedEvents,
    accepts: (e: DomainEvent) => REPLICATED.includes(e.aggregate.type),
    handle: async (tx, events: DomainEvent[]) => {
      const tenantId = events[0]!.tenantId;
      const ids = [
        ...new Set(events.filter((e) => e.aggregate.type === 'Employee').map((e) => e.aggregate.id)),
      ];
      // Taken before reading the stints: pricing of new lines waits until the re-pricing committed.
      if (ids.length > 0) await lockPricing(tx, tenantId);
      const known = await storedEmployees(tx, ids);
      const stints = foldStints(known, events);
      const latest = latestPerEntity(events).map((e) =>
        e.aggregate.type === 'Employee'
          ? { ...e, data: { ...(e.data ?? {}), stints: stints.get(e.aggregate.id) } }
          : e,
      );
      await upsertRefs(tx, entityRefs, latest);
      for (const e of latest) {
        const id = e.aggregate.id;
        if (e.aggregate.type !== 'Employee') continue;
        // A first snapshot has no priced lines yet; only a change of the stints re-prices.
        const before = known.get(id);
        if (!before || JSON.stringify(storedStints(before)) === JSON.stringify(stints.get(id))) continue;
        await laborService.repriceAndAnnounce(tx, tenantId, linesOfEmployee(id), e.id);
      }
    },
  });
