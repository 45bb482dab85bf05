import type { Tx } from '@wg/db';
import { apiKeys, auditLog, loginAttempts, outbox, securityAlerts, sessions, users } from '@wg/db/security';
import {
  conflict,
  emitEvent,
  isUuid,
  notFound,
  type PageArgs,
  paginate,
  parseInput,
  recordAudit,
  z,
} from '@wg/runtime';
import { and, count, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { SecurityEventTypes } from '../events';
import type { SecurityContext } from '../loaders';
import type { AlertKind, AlertSeverity, AlertStatus, SecurityAlert, SecurityDashboard } from './alert.type';

export interface RaiseAlert {
  tenantId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  summary: string;
  userId?: string | null;
  apiKeyId?: string | null;
  details?: Record<string, unknown>;
  /**
   * When set, an unresolved alert of the same kind for the same user / key is updated (its
   * `occurrences` counted up) instead of a new one being raised: one incident, one alert.
   */
  dedupe?: boolean;
  requestId?: string;
}

/** Legal moves of the resolve workflow. */
const TRANSITIONS: Record<AlertStatus, readonly AlertStatus[]> = {
  OPEN: ['ACKNOWLEDGED', 'RESOLVED'],
  ACKNOWLEDGED: ['RESOLVED'],
  RESOLVED: [],
};

const resolveSchema = z.object({
  resolution: z.string().trim().min(1, 'Say what was done').max(2000, 'Must be at most 2000 characters'),
});

/**
 * Raises (or bumps) an alert inside the caller's transaction, which must run in `input.tenantId`.
 * Used by login (lockout), refresh (reuse), API-key lookup (revoked key), the export consumer.
 */
export async function raiseAlert(tx: Tx, input: RaiseAlert): Promise<SecurityAlert> {
  if (input.dedupe) {
    const [existing] = await tx
      .select()
      .from(securityAlerts)
      .where(
        and(
          eq(securityAlerts.tenantId, input.tenantId),
          eq(securityAlerts.kind, input.kind),
          inArray(securityAlerts.status, ['OPEN', 'ACKNOWLEDGED']),
          input.apiKeyId ? eq(securityAlerts.apiKeyId, input.apiKeyId) : isNull(securityAlerts.apiKeyId),
          input.userId ? eq(securityAlerts.userId, input.userId) : isNull(securityAlerts.userId),
        ),
      )
      .limit(1)
      .for('update');
    if (existing) {
      const previous = (existing.details as Record<string, unknown>) ?? {};
      const occurrences = (typeof previous.occurrences === 'number' ? previous.occurrences : 1) + 1;
      const [bumped] = await tx
        .update(securityAlerts)
        .set({
          details: { ...previous, ...input.details, occurrences, lastSeenAt: new Date().toISOString() },
        })
        .where(eq(securityAlerts.id, existing.id))
        .returning();
      return bumped as SecurityAlert;
    }
  }
  const [row] = await tx
    .insert(securityAlerts)
    .values({
      tenantId: input.tenantId,
      kind: input.kind,
      severity: input.severity,
      summary: input.summary,
      userId: input.userId ?? null,
      apiKeyId: input.apiKeyId ?? null,
      details: { occurrences: 1, ...input.details },
    })
    .returning();
  const alert = row as SecurityAlert;
  await emitEvent(tx, outbox, {
    tenantId: alert.tenantId,
    type: SecurityEventTypes.alertRaised,
    aggregateType: 'SecurityAlert',
    aggregateId: alert.id,
    data: { id: alert.id, kind: alert.kind, severity: alert.severity, summary: alert.summary },
  });
  await recordAudit(tx, auditLog, [
    {
      tenantId: alert.tenantId,
      actorId: null,
      requestId: input.requestId ?? 'system',
      action: 'security_alert.raise',
      entityType: 'SecurityAlert',
      entityId: alert.id,
      after: alert,
    },
  ]);
  return alert;
}

export interface AlertFilter {
  status?: AlertStatus | null;
  kind?: AlertKind | null;
}

export const alertService = {
  async list(ctx: SecurityContext, filter: AlertFilter, page: PageArgs) {
    ctx.authorize('security_alert:read');
    const where = and(
      filter.status ? eq(securityAlerts.status, filter.status) : undefined,
      filter.kind ? eq(securityAlerts.kind, filter.kind) : undefined,
    );
    return ctx.tx(async (tx) =>
      paginate<typeof securityAlerts, SecurityAlert>(
        tx,
        { table: securityAlerts, key: securityAlerts.id, where, order: 'desc' },
        page,
      ),
    );
  },

  async get(ctx: SecurityContext, id: string): Promise<SecurityAlert | null> {
    ctx.authorize('security_alert:read');
    if (!isUuid(id)) return null;
    const [row] = await ctx.tx((tx) => tx.select().from(securityAlerts).where(eq(securityAlerts.id, id)));
    return (row as SecurityAlert | undefined) ?? null;
  },

  /** Moves an alert along the workflow; CONFLICT for an illegal move, NOT_FOUND for another tenant's id. */
  async transition(
    ctx: SecurityContext,
    id: string,
    to: Exclude<AlertStatus, 'OPEN'>,
    resolution?: string,
  ): Promise<SecurityAlert> {
    ctx.authorize('security_alert:update');
    const note = to === 'RESOLVED' ? parseInput(resolveSchema, { resolution }, '').resolution : null;
    if (!isUuid(id)) throw notFound('SecurityAlert', id);
    return ctx.tx(async (tx) => {
      const [before] = await tx.select().from(securityAlerts).where(eq(securityAlerts.id, id)).for('update');
      if (!before) throw notFound('SecurityAlert', id);
      if (!TRANSITIONS[before.status].includes(to)) {
        throw conflict(`A ${before.status} alert cannot become ${to}`);
      }
      const now = new Date();
      const actor = ctx.identity.userId;
      const [after] = await tx
        .update(securityAlerts)
        .set(
          to === 'ACKNOWLEDGED'
            ? { status: to, acknowledgedAt: now, acknowledgedBy: actor }
            : { status: to, resolvedAt: now, resolvedBy: actor, resolution: note },
        )
        .where(eq(securityAlerts.id, id))
        .returning();
      await recordAudit(tx, auditLog, [
        {
          tenantId: before.tenantId,
          actorId: actor,
          requestId: ctx.requestId,
          action: to === 'ACKNOWLEDGED' ? 'security_alert.acknowledge' : 'security_alert.resolve',
          entityType: 'SecurityAlert',
          entityId: id,
          before,
          after,
        },
      ]);
      return after as SecurityAlert;
    });
  },

  async dashboard(ctx: SecurityContext): Promise<SecurityDashboard> {
    ctx.authorize('security_alert:read');
    return ctx.tx(async (tx) => {
      const unresolved = inArray(securityAlerts.status, ['OPEN', 'ACKNOWLEDGED']);
      const now = new Date();
      const grouped = async (
        column: typeof securityAlerts.kind | typeof securityAlerts.severity | typeof securityAlerts.status,
        where: ReturnType<typeof and>,
      ) =>
        (
          await tx
            .select({ key: column, count: count() })
            .from(securityAlerts)
            .where(where)
            .groupBy(column)
            .orderBy(column)
        ).map((r) => ({ key: String(r.key), count: r.count }));
      const byKind = await grouped(securityAlerts.kind, unresolved);
      const bySeverity = await grouped(securityAlerts.severity, unresolved);
      const byStatus = await grouped(
        securityAlerts.status,
        gt(securityAlerts.createdAt, new Date(now.getTime() - 30 * 86_400_000)),
      );
      const recent = await tx
        .select()
        .from(securityAlerts)
        .where(unresolved)
        .orderBy(desc(securityAlerts.id))
        .limit(10);
      const [userStats] = await tx
        .select({
          locked: sql<number>`count(*) filter (where ${users.lockedUntil} > now())`.mapWith(Number),
          active: sql<number>`count(*) filter (where ${users.status} = 'ACTIVE')`.mapWith(Number),
          mfa: sql<number>`count(*) filter (where ${users.status} = 'ACTIVE' and ${users.mfaEnabledAt} is not null)`.mapWith(
            Number,
          ),
        })
        .from(users);
      const [failed] = await tx
        .select({ n: count() })
        .from(loginAttempts)
        .where(
          and(eq(loginAttempts.succeeded, false), gt(loginAttempts.at, new Date(now.getTime() - 86_400_000))),
        );
      const [keys] = await tx
        .select({ n: count() })
        .from(apiKeys)
        .where(and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))));
      const [live] = await tx
        .select({ n: count() })
        .from(sessions)
        .where(and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
      const sum = (xs: { key: string; count: number }[], keys: string[]) =>
        xs.filter((x) => keys.includes(x.key)).reduce((a, x) => a + x.count, 0);
      return {
        unresolvedAlerts: byKind.reduce((a, x) => a + x.count, 0),
        criticalOrHigh: sum(bySeverity, ['HIGH', 'CRITICAL']),
        byKind,
        bySeverity,
        byStatus,
        recent: recent as SecurityAlert[],
        lockedUsers: userStats?.locked ?? 0,
        activeUsers: userStats?.active ?? 0,
        usersWithMfa: userStats?.mfa ?? 0,
        failedLoginsLast24h: failed?.n ?? 0,
        activeApiKeys: keys?.n ?? 0,
        activeSessions: live?.n ?? 0,
      };
    });
  },
};
