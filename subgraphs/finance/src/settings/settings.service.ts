import type { Tx } from '@wg/db';
import { auditLog, outbox, tenantSettings } from '@wg/db/finance';
import { conflict, emitEvent, parseInput, recordAudit, rules, z } from '@wg/runtime';
import { sql } from 'drizzle-orm';
import type { FinanceContext } from '../loaders';
import { selectRows } from '../sql';
import { DEFAULT_CURRENCY, FinanceSettings } from './settings.type';

const currencySchema = z.object({ currency: rules.currency() });

const toSettings = (row: { currency: string; updatedAt: Date } | undefined): FinanceSettings =>
  Object.assign(new FinanceSettings(), {
    currency: row?.currency ?? DEFAULT_CURRENCY,
    updatedAt: row?.updatedAt ?? null,
  });

export const settingsService = {
  /** The tenant's reporting currency inside an RLS transaction (the row is the tenant's only). */
  async reportingCurrency(tx: Tx): Promise<string> {
    const [row] = await tx.select({ currency: tenantSettings.currency }).from(tenantSettings);
    return row?.currency ?? DEFAULT_CURRENCY;
  },

  async get(ctx: FinanceContext): Promise<FinanceSettings> {
    ctx.authorize('financials:read');
    const [row] = await ctx.tx((tx) => tx.select().from(tenantSettings));
    return toSettings(row);
  },

  /**
   * Sets the reporting currency. Amounts are stored without conversion, so once anything is
   * recorded in another currency the change is refused (CONFLICT) rather than silently mixing them.
   */
  async setCurrency(ctx: FinanceContext, currency: string): Promise<FinanceSettings> {
    ctx.authorize('settings:update');
    const tenantId = ctx.tenantId();
    const data = parseInput(currencySchema, { currency }, '');
    return ctx.tx(async (tx) => {
      const [before] = await tx.select().from(tenantSettings);
      // Any amount already recorded in another currency (one statement, three cheap probes).
      const [inUse] = await selectRows<{ other: string | null }>(
        tx,
        sql`select coalesce(
          (select currency from finance.compensations where currency <> ${data.currency} limit 1),
          (select currency from finance.project_rate_periods where currency <> ${data.currency} limit 1),
          (select currency from finance.labor_entries where currency <> ${data.currency} limit 1)
        ) as other`,
      );
      if (inUse?.other) {
        throw conflict(
          `Amounts are already recorded in ${inUse.other}; the reporting currency cannot change to ${data.currency} because multi-currency is not supported yet`,
        );
      }
      const [row] = await tx
        .insert(tenantSettings)
        .values({ tenantId, currency: data.currency })
        .onConflictDoUpdate({
          target: tenantSettings.tenantId,
          set: { currency: data.currency, updatedAt: sql`now()` },
        })
        .returning();
      // Insights reports in this currency; it learns it from the event, not from our table.
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'finance.settings.currency_set',
        aggregateType: 'FinanceSettings',
        aggregateId: tenantId,
        data: { currency: row!.currency },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'settings.set_currency',
          entityType: 'FinanceSettings',
          entityId: tenantId,
          before: before ?? null,
          after: row,
        },
      ]);
      return toSettings(row);
    });
  },
};
