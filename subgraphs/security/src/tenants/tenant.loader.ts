import { tenants } from '@wg/db/security';
import type { LoaderContext } from '@wg/runtime';
import { keyedLoader } from '@wg/runtime';
import { inArray } from 'drizzle-orm';
import type { Tenant } from './tenant.type';

/** Tenants by id. Row-level security shows a transaction only its own tenant's row. */
export const tenantById = (ctx: LoaderContext) =>
  keyedLoader<string, Tenant>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(tenants)
          .where(inArray(tenants.id, [...ids])),
      ),
    (t) => t.id,
  );
