import { rateNegotiationRounds, rateNegotiations } from '@wg/db/recruiting';
import { groupedLoader, keyedLoader, type LoaderContext } from '@wg/runtime';
import { asc, inArray } from 'drizzle-orm';
import type { NegotiationRound, RateNegotiation } from './negotiation.type';

/** Negotiations by id (a round's currency, `__resolveReference`). */
export const negotiationById = (ctx: LoaderContext) =>
  keyedLoader<string, RateNegotiation>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select()
            .from(rateNegotiations)
            .where(inArray(rateNegotiations.id, [...ids])) as Promise<RateNegotiation[]>,
      ),
    (n) => n.id,
  );

/** `Application.rateNegotiations`, oldest first. */
export const negotiationsByApplication = (ctx: LoaderContext) =>
  groupedLoader<string, RateNegotiation>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select()
            .from(rateNegotiations)
            .where(inArray(rateNegotiations.applicationId, [...ids]))
            .orderBy(asc(rateNegotiations.id)) as Promise<RateNegotiation[]>,
      ),
    (n) => n.applicationId ?? '',
  );

/** `RateNegotiation.rounds` of every negotiation on a page in one statement, in round order. */
export const roundsByNegotiation = (ctx: LoaderContext) =>
  groupedLoader<string, NegotiationRound>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select()
            .from(rateNegotiationRounds)
            .where(inArray(rateNegotiationRounds.negotiationId, [...ids]))
            .orderBy(asc(rateNegotiationRounds.negotiationId), asc(rateNegotiationRounds.number)) as Promise<
            NegotiationRound[]
          >,
      ),
    (r) => r.negotiationId,
  );
