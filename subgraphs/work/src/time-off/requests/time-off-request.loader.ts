import { timeOffRequests } from '@wg/db/work';
import type { LoaderContext } from '@wg/runtime';
import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { TimeOffRequest } from './time-off-request.type';

/** Time-off requests by id (one query per request for a page of approvals); null when gone. */
export const timeOffRequestById = (ctx: LoaderContext) =>
  new DataLoader<string, TimeOffRequest | null>(async (ids) => {
    const rows = (await ctx.tx((tx) =>
      tx
        .select()
        .from(timeOffRequests)
        .where(inArray(timeOffRequests.id, [...ids])),
    )) as TimeOffRequest[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
