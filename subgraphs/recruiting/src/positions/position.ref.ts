import type { Tx } from '@wg/db';
import { entityRefs } from '@wg/db/recruiting';
import { and, eq } from 'drizzle-orm';

/**
 * People's position as recruiting knows it (`entity_refs`, from `people.position.*` events, payload
 * `PositionSnapshot` in @wg/people/events), under
 * RLS, so another tenant's position is as unknown as a made-up id. Fields are as the last event
 * gave them (an older event may lack some).
 */
export interface PositionRef {
  departmentId?: string;
  jobFamily?: string | null;
  level?: string | null;
}

export async function findPosition(tx: Tx, positionId: string): Promise<PositionRef | null> {
  const [ref] = await tx
    .select({ data: entityRefs.data })
    .from(entityRefs)
    .where(and(eq(entityRefs.entityType, 'Position'), eq(entityRefs.id, positionId)));
  return ref ? (ref.data as PositionRef) : null;
}
