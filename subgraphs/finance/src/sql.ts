import type { Tx } from '@wg/db';
import type { SQL } from 'drizzle-orm';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids arriving through `_entities` are arbitrary strings; casting a malformed one to uuid would
 * fail the whole batch, so loaders drop them up front (they resolve to nothing).
 */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_RE.test(value);

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
