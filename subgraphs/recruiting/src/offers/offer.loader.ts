import { offers } from '@wg/db/recruiting';
import { groupedLoader, type LoaderContext } from '@wg/runtime';
import { asc, inArray } from 'drizzle-orm';
import type { Offer } from './offer.type';

/** `Application.offers`, oldest first. */
export const offersByApplication = (ctx: LoaderContext) =>
  groupedLoader<string, Offer>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select()
            .from(offers)
            .where(inArray(offers.applicationId, [...ids]))
            .orderBy(asc(offers.id)) as Promise<Offer[]>,
      ),
    (o) => o.applicationId,
  );
