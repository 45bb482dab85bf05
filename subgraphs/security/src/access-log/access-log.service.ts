import { accessLog } from '@wg/db/security';
import { badInput, type FieldError, forbidden, rules, z, zodFieldErrors } from '@wg/runtime';
import { and, count, countDistinct, desc, gte, lt, ne, sql } from 'drizzle-orm';
import type { SecurityContext } from '../loaders';
import {
  type AccessLogEntry,
  type AccessLogEntryInput,
  AccessOutcome,
  type AuditReport,
} from './access-log.type';

export const MAX_ACCESS_LOG_BATCH = 1000;
const MAX_REPORT_DAYS = 366;

const optionalText = (max: number) => z.string().max(max, `Must be at most ${max} characters`).nullish();
const entrySchema = z.object({
  tenantId: rules.uuid(),
  userId: rules.uuid().nullish(),
  apiKeyId: rules.uuid().nullish(),
  operationName: optionalText(200),
  outcome: z.enum(AccessOutcome),
  ip: optionalText(100),
  userAgent: optionalText(500),
  requestId: optionalText(200),
  occurredAt: z.date(),
  durationMs: z.number().int().min(0, 'Must not be negative').nullish(),
  errorCodes: z.array(z.string().max(100)).max(50, 'At most 50 codes').nullish(),
});

export const accessLogService = {
  /**
   * The gateway's bulk write (system identity only). One transaction: as wg_app, with
   * `app.tenant_id` switched per tenant group, so row-level security checks every row.
   */
  async record(ctx: SecurityContext, entries: AccessLogEntryInput[]): Promise<number> {
    if (ctx.identity.kind !== 'system') throw forbidden();
    const errors: FieldError[] = [];
    if (entries.length > MAX_ACCESS_LOG_BATCH) {
      errors.push({ field: 'entries', message: `At most ${MAX_ACCESS_LOG_BATCH} entries per call` });
    }
    const rows = entries.map((entry, i) => {
      const parsed = entrySchema.safeParse(entry);
      if (!parsed.success) {
        errors.push(...zodFieldErrors(parsed.error, `entries.${i}`));
        return null;
      }
      return parsed.data;
    });
    if (errors.length > 0) throw badInput(errors);
    const byTenant = new Map<string, NonNullable<(typeof rows)[number]>[]>();
    for (const row of rows) {
      if (!row) continue;
      const list = byTenant.get(row.tenantId);
      if (list) list.push(row);
      else byTenant.set(row.tenantId, [row]);
    }
    if (byTenant.size === 0) return 0;
    await ctx.database.system.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('app.request_id', ${ctx.requestId}, true), set_config('role', 'wg_app', true)`,
      );
      for (const [tenantId, list] of byTenant) {
        await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
        await tx.insert(accessLog).values(
          list.map((e) => ({
            tenantId,
            userId: e.userId ?? null,
            apiKeyId: e.apiKeyId ?? null,
            operationName: e.operationName ?? null,
            outcome: e.outcome,
            ip: e.ip ?? null,
            userAgent: e.userAgent ?? null,
            requestId: e.requestId ?? null,
            occurredAt: e.occurredAt,
            durationMs: e.durationMs ?? null,
            errorCodes: e.errorCodes ?? [],
          })),
        );
      }
    });
    return rows.length;
  },

  async report(ctx: SecurityContext, from: Date, to: Date): Promise<AuditReport> {
    ctx.authorize('access_log:read');
    const errors: FieldError[] = [];
    if (Number.isNaN(from.getTime())) errors.push({ field: 'from', message: 'Must be a date-time' });
    if (Number.isNaN(to.getTime())) errors.push({ field: 'to', message: 'Must be a date-time' });
    else if (to <= from) errors.push({ field: 'to', message: 'Must be after from' });
    else if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000)
      errors.push({ field: 'to', message: `The window may span at most ${MAX_REPORT_DAYS} days` });
    if (errors.length > 0) throw badInput(errors);

    const window = and(gte(accessLog.occurredAt, from), lt(accessLog.occurredAt, to));
    const failed = sql<number>`count(*) filter (where ${accessLog.outcome} <> 'SUCCESS')`.mapWith(Number);
    return ctx.tx(async (tx) => {
      const [totals] = await tx
        .select({
          total: count(),
          failures: failed,
          callers: countDistinct(sql`coalesce(${accessLog.userId}, ${accessLog.apiKeyId})`),
        })
        .from(accessLog)
        .where(window);
      const byOutcome = await tx
        .select({ key: accessLog.outcome, count: count(), failures: failed })
        .from(accessLog)
        .where(window)
        .groupBy(accessLog.outcome)
        .orderBy(accessLog.outcome);
      const opKey = sql<string>`coalesce(${accessLog.operationName}, '(anonymous)')`;
      const byOperation = await tx
        .select({ key: opKey, count: count(), failures: failed })
        .from(accessLog)
        .where(window)
        .groupBy(opKey)
        .orderBy(desc(count()), opKey)
        .limit(50);
      const callerKey = sql<string>`coalesce(${accessLog.userId}::text, ${accessLog.apiKeyId}::text, '(unknown)')`;
      const byCaller = await tx
        .select({ key: callerKey, count: count(), failures: failed })
        .from(accessLog)
        .where(window)
        .groupBy(callerKey)
        .orderBy(desc(count()), callerKey)
        .limit(50);
      const recentFailures = await tx
        .select()
        .from(accessLog)
        .where(and(window, ne(accessLog.outcome, 'SUCCESS')))
        .orderBy(desc(accessLog.occurredAt))
        .limit(50);
      return {
        from,
        to,
        total: totals?.total ?? 0,
        failures: totals?.failures ?? 0,
        distinctCallers: totals?.callers ?? 0,
        byOutcome,
        byOperation,
        byCaller,
        recentFailures: recentFailures as AccessLogEntry[],
      };
    });
  },
};
