import type { Tx } from '@wg/db';
import type { SQL } from 'drizzle-orm';

/**
 * Rows of a hand-written statement. postgres.js returns an array, PGlite `{ rows }`; the analytic
 * queries here (lateral joins over a JSON id list) read more clearly as SQL than as builder calls.
 * Numeric results are selected `::text`, so money stays an exact string on both drivers.
 */
export async function selectRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** A list of ids as one jsonb parameter, whatever its length (`jsonb_array_elements_text`). */
export const jsonIds = (ids: readonly string[]) => JSON.stringify(ids);
