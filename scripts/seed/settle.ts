import { type Database, DOMAIN_SCHEMAS } from '@wg/db';
import { sql } from 'drizzle-orm';

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.system.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Waits until the event pipeline is idle: every outbox published and the consumers' processed
 * counts unchanged across two polls. Used by the seed, whose later steps depend on projections
 * (finance can only price time for employees it has heard of).
 */
export async function waitForQuiescence(database: Database, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const unpublished = sql.join(
    DOMAIN_SCHEMAS.map(
      (s) => sql`(select count(*) from ${sql.identifier(s)}.outbox where published_at is null)`,
    ),
    sql` + `,
  );
  const inboxSchemas = DOMAIN_SCHEMAS.filter((s) => s !== 'people' && s !== 'security');
  const processed = sql.join(
    inboxSchemas.map((s) => sql`(select count(*) from ${sql.identifier(s)}.processed_events)`),
    sql` + `,
  );
  let last = -1;
  let stableSince = 0;
  while (Date.now() < deadline) {
    const [r] = await rows<{ pending: string | number; done: string | number }>(
      database,
      sql`select ${unpublished} as pending, ${processed} as done`,
    );
    const pending = Number(r?.pending ?? 0);
    const done = Number(r?.done ?? 0);
    if (pending === 0 && done === last) {
      if (Date.now() - stableSince > 600) return;
    } else {
      stableSince = Date.now();
    }
    last = done;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error('The event pipeline did not settle in time');
}
