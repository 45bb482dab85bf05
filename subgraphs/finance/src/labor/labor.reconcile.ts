import { type Database, withTenant } from '@wg/db';
import { type DomainEvent, rootLogger } from '@wg/runtime';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { selectRows } from '../sql';
import { foldStints } from './employment.consumer';
import { everyLine, laborService, lockPricing } from './labor.service';

/**
 * `pnpm finance:reprice`: brings labour priced before issue #12 under today's rule, once, for a
 * database that has history. For every tenant with priced lines:
 *  1. (with `statusesFromWorkOutbox`) the review status of each line is taken from work's outbox
 *     (the last approved / rejected / resubmitted event per entry): finance did not consume
 *     reviews before, so rejected lines still counted. This reads another schema's outbox with
 *     the owner connection, as `insights:rebuild --from-outboxes` does, and only in this command.
 *  2. (with `employmentFromPeopleOutbox`) every employee's employment stints are rebuilt from
 *     people's outbox (every employee event of the tenant in order, folded as the refs consumer
 *     folds them): the replica knew only the current period before, so the lines of a rehired
 *     employee's earlier stint counted zero. Same owner connection, only in this command.
 *  3. every line is re-priced (compensation and rate effective on its date, employment, status)
 *     and the differences are announced as one `finance.labor.costed` event per tenant — insights
 *     follows from its consumer, no rebuild needed.
 * Idempotent: a second run finds nothing to change and announces nothing.
 */
export async function repriceAllTenants(
  database: Database,
  options: {
    statusesFromWorkOutbox?: boolean;
    employmentFromPeopleOutbox?: boolean;
    tenants?: string[];
  } = {},
): Promise<{ tenantId: string; statuses: number; employees: number; lines: number }[]> {
  const tenants =
    options.tenants ??
    (
      await selectRows<{ tenant_id: string }>(
        database.system as never,
        sql`select distinct tenant_id::text from finance.labor_entries order by 1`,
      )
    ).map((r) => r.tenant_id);
  const out: { tenantId: string; statuses: number; employees: number; lines: number }[] = [];
  for (const tenantId of tenants) {
    const statuses = options.statusesFromWorkOutbox
      ? await selectRows<{ entry_id: string; status: string }>(
          database.system as never,
          sql`select entry_id, status from (
              select e->>'entryId' as entry_id,
                case o.type when 'work.timesheet.approved' then 'APPROVED'
                            when 'work.timesheet.rejected' then 'REJECTED' else 'SUBMITTED' end as status,
                row_number() over (partition by e->>'entryId' order by o.seq desc) as rn
              from work.outbox o
              cross join lateral jsonb_array_elements(
                case when o.type = 'work.timesheet.resubmitted' then jsonb_build_array(o.data->'entry')
                     else o.data->'entries' end) e
              where o.tenant_id = ${tenantId}::uuid
                and o.type in ('work.timesheet.approved', 'work.timesheet.rejected', 'work.timesheet.resubmitted')
            ) x where rn = 1`,
        )
      : [];
    const stints = options.employmentFromPeopleOutbox
      ? foldStints(
          new Map(),
          (
            await selectRows<{
              id: string;
              type: string;
              aggregate_id: string;
              data: Record<string, unknown>;
            }>(
              database.system as never,
              sql`select id::text, type, aggregate_id::text, data from people.outbox
                where tenant_id = ${tenantId}::uuid and aggregate_type = 'Employee' order by seq`,
            )
          ).map(
            (r): DomainEvent => ({
              id: r.id,
              type: r.type,
              tenantId,
              aggregate: { type: 'Employee', id: r.aggregate_id },
              occurredAt: '',
              data: r.data,
            }),
          ),
        )
      : new Map();
    const lines = await withTenant(database, { tenantId }, async (tx) => {
      await lockPricing(tx, tenantId);
      if (stints.size > 0) {
        const records = [...stints].map(([id, list]) => ({ id, stints: list }));
        await tx.execute(sql`update finance.entity_refs r
          set data = r.data || jsonb_build_object('stints', s.stints), updated_at = now()
          from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as s(id uuid, stints jsonb)
          where r.entity_type = 'Employee' and r.id = s.id`);
      }
      if (statuses.length > 0) {
        await tx.execute(sql`update finance.labor_entries l set status = s.status
          from jsonb_to_recordset(${JSON.stringify(statuses)}::jsonb) as s(entry_id uuid, status text)
          where l.timesheet_entry_id = s.entry_id and l.status <> s.status`);
      }
      return laborService.repriceAndAnnounce(tx, tenantId, everyLine, uuidv7());
    });
    rootLogger.info(
      { tenantId, statuses: statuses.length, employees: stints.size, lines },
      'finance: labour re-priced',
    );
    out.push({ tenantId, statuses: statuses.length, employees: stints.size, lines });
  }
  return out;
}
