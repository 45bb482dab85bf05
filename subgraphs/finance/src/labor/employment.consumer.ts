import type { Database } from '@wg/db';
import { entityRefs, processedEvents } from '@wg/db/finance';
import {
  type Bus,
  type DomainEvent,
  isValidDate,
  latestPerEntity,
  startConsumer,
  upsertRefs,
} from '@wg/runtime';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type LaborFilter, laborService, linesOfEmployee, lockPricing } from './labor.service';

/** The replicated entities finance keeps in `entity_refs` (people's employees, work's projects). */
const REPLICATED = ['Employee', 'Project'];

/**
 * Finance's replica of employees and projects (group `finance.refs`, the group the runtime's
 * generic refs consumer used, so nothing is applied twice on upgrade), with one addition: when an
 * event changes an employee's employment dates (a termination recorded after lines it covers, a
 * rehire, a corrected date), the employee's priced lines dated on or after the current hire date
 * are re-priced under the rule (a line outside employment counts zero) and the signed differences
 * are announced as
 * `finance.labor.costed` (aggregate id = the people event), in the same transaction as the
 * replica — one writer, so the re-pricing always reads the dates it was triggered by.
 */
export const startRefsAndEmploymentConsumer = (database: Database, bus: Bus) =>
  startConsumer(database, bus, {
    group: 'finance.refs',
    inbox: processedEvents,
    accepts: (e: DomainEvent) => REPLICATED.includes(e.aggregate.type),
    handle: async (tx, events: DomainEvent[]) => {
      const tenantId = events[0]!.tenantId;
      const latest = latestPerEntity(events);
      const employees = latest.filter((e) => e.aggregate.type === 'Employee');
      const dates = async () => {
        if (employees.length === 0) return new Map<string, { dates: string; hired: string | null }>();
        const rows = await tx
          .select({
            id: entityRefs.id,
            dates: sql<string>`coalesce(${entityRefs.data}->>'hireDate', '') || '/' || coalesce(${entityRefs.data}->>'terminationDate', '')`,
            hired: sql<string | null>`${entityRefs.data}->>'hireDate'`,
          })
          .from(entityRefs)
          .where(
            and(
              eq(entityRefs.entityType, 'Employee'),
              inArray(
                entityRefs.id,
                employees.map((e) => e.aggregate.id),
              ),
            ),
          );
        return new Map(
          rows.map((r) => [
            r.id,
            { dates: r.dates, hired: r.hired && isValidDate(r.hired) ? r.hired : null },
          ]),
        );
      };
      // Taken before reading the dates: pricing of new lines waits until the re-pricing committed.
      if (employees.length > 0) await lockPricing(tx, tenantId);
      const before = await dates();
      await upsertRefs(tx, entityRefs, latest);
      const after = await dates();
      for (const e of employees) {
        const id = e.aggregate.id;
        const now = after.get(id);
        // A first snapshot has no priced lines yet; only a change of the dates re-prices, and only
        // the lines on or after the current hire date: finance knows the current employment only,
        // so the lines of an earlier stint (before a rehire) keep the pricing they had.
        if (!now || !before.has(id) || before.get(id)!.dates === now.dates) continue;
        const lines: LaborFilter = (a) =>
          now.hired
            ? sql`${linesOfEmployee(id)(a)} and ${sql.raw(a)}.date >= ${now.hired}::date`
            : linesOfEmployee(id)(a);
        await laborService.repriceAndAnnounce(tx, tenantId, lines, e.id);
      }
    },
  });
