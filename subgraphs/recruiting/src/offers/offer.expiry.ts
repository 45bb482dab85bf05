import type { Tx } from '@wg/db';
import { jobs } from '@wg/db/recruiting';
import { cancelJobs, enqueueJob } from '@wg/runtime/jobs';

/** The queue of offer expiries in recruiting's `jobs` table (handler: `expireOffer`). */
export const EXPIRY_QUEUE = 'recruiting.offer.expire';

export interface ExpiryPayload {
  offerId: string;
  [key: string]: unknown;
}

const keyOf = (offerId: string) => `offer:${offerId}`;

/**
 * A SENT offer expires when its last day (`expiresOn`, inclusive) is over: the job is due at
 * 00:00 UTC the day after, the same day `clock.today()` starts reading it EXPIRED.
 */
export async function scheduleExpiry(
  tx: Tx,
  tenantId: string,
  offer: { id: string; expiresOn: string },
): Promise<void> {
  const runAt = new Date(`${offer.expiresOn}T00:00:00.000Z`);
  runAt.setUTCDate(runAt.getUTCDate() + 1);
  await enqueueJob<ExpiryPayload>(tx, jobs, {
    tenantId,
    queue: EXPIRY_QUEUE,
    key: keyOf(offer.id),
    runAt,
    payload: { offerId: offer.id },
  });
}

/** The offer was answered or withdrawn while SENT: its expiry has nothing left to do. */
export async function dropExpiry(tx: Tx, tenantId: string, offerId: string): Promise<void> {
  await cancelJobs(tx, jobs, { tenantId, queue: EXPIRY_QUEUE, key: keyOf(offerId) });
}
