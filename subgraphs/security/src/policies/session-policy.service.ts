import { auditLog, roles, sessionPolicies } from '@wg/db/security';
import {
  badInput,
  type FieldError,
  isUuid,
  notFound,
  recordAudit,
  ROLE_TEMPLATES,
  z,
  zodFieldErrors,
} from '@wg/runtime';
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { ipAllowed, parseCidr } from '../common/ip';
import type { SecurityContext } from '../loaders';
import { announceSessionsChanged } from '../sessions/session.notices';
import type { SessionPolicy } from './session-policy.type';

const MONTH = 30 * 86_400;
const schema = z.object({
  // Omitted or null = the tenant-wide policy (an explicit choice); an empty or blank name is a
  // mistake, never a silent tenant-wide policy.
  roleName: z
    .string()
    .trim()
    .min(1, 'Must not be empty: omit roleName (or send null) for the tenant-wide policy')
    .max(100, 'At most 100 characters')
    .nullish(),
  maxSessionSeconds: z
    .number()
    .int()
    .min(300, 'At least 300 seconds')
    .max(MONTH, `At most ${MONTH} seconds`)
    .nullish(),
  idleTimeoutSeconds: z
    .number()
    .int()
    .min(60, 'At least 60 seconds')
    .max(MONTH, `At most ${MONTH} seconds`)
    .nullish(),
  mfaRequired: z.boolean().nullish(),
  ipAllowList: z
    .array(
      z
        .string()
        .trim()
        .refine((c) => parseCidr(c) !== null, 'Must be an IPv4/IPv6 address or CIDR block'),
    )
    .max(100, 'At most 100 blocks')
    .nullish(),
});

export const sessionPolicyService = {
  async list(ctx: SecurityContext): Promise<SessionPolicy[]> {
    ctx.authorize('session_policy:read');
    return ctx.tx((tx) =>
      tx
        .select()
        .from(sessionPolicies)
        .orderBy(sql`${sessionPolicies.roleName} nulls first`, asc(sessionPolicies.roleName)),
    );
  },

  /**
   * Creates or replaces the policy of the tenant / a role. Refuses an allow-list that would lock
   * out the caller's own current address (field `input.ipAllowList`), which is easy to do by accident.
   */
  async set(ctx: SecurityContext, input: unknown): Promise<SessionPolicy> {
    ctx.authorize('session_policy:update');
    const parsed = schema.safeParse(input);
    const errors: FieldError[] = zodFieldErrors(parsed.error);
    if (errors.length > 0 || !parsed.success) throw badInput(errors);
    const data = parsed.data;
    const roleName = data.roleName ?? null;
    const ipAllowList = [...new Set(data.ipAllowList ?? [])];
    const appliesToCaller = roleName === null || ctx.identity.roles.includes(roleName);
    if (
      appliesToCaller &&
      ipAllowList.length > 0 &&
      ctx.client.ip &&
      !ipAllowed(ctx.client.ip, ipAllowList)
    ) {
      errors.push({
        field: 'input.ipAllowList',
        message: `Your own address (${ctx.client.ip}) would be locked out`,
      });
    }
    const saved = await ctx.tx(async (tx) => {
      if (roleName && !Object.hasOwn(ROLE_TEMPLATES, roleName)) {
        const [custom] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.name, roleName));
        if (!custom) errors.push({ field: 'input.roleName', message: 'No such role' });
      }
      if (errors.length > 0) throw badInput(errors);
      const [before] = await tx
        .select()
        .from(sessionPolicies)
        .where(roleName ? eq(sessionPolicies.roleName, roleName) : isNull(sessionPolicies.roleName))
        .for('update');
      const values = {
        maxSessionSeconds: data.maxSessionSeconds ?? null,
        idleTimeoutSeconds: data.idleTimeoutSeconds ?? null,
        mfaRequired: data.mfaRequired ?? false,
        ipAllowList,
      };
      const [after] = before
        ? await tx.update(sessionPolicies).set(values).where(eq(sessionPolicies.id, before.id)).returning()
        : await tx
            .insert(sessionPolicies)
            .values({ tenantId: ctx.tenantId(), roleName, ...values })
            .returning();
      await recordAudit(tx, auditLog, [
        {
          tenantId: ctx.tenantId(),
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'session_policy.set',
          entityType: 'SessionPolicy',
          entityId: after!.id,
          before: before ?? null,
          after,
        },
      ]);
      return after!;
    });
    // "MFA required" restricts sessions without MFA from their next request on.
    await announceSessionsChanged(ctx, { tenantId: ctx.tenantId(), reason: 'session_policy_set' });
    return saved;
  },

  async delete(ctx: SecurityContext, id: string): Promise<boolean> {
    ctx.authorize('session_policy:update');
    if (!isUuid(id)) throw notFound('SessionPolicy', id);
    const deleted = await ctx.tx(async (tx) => {
      const [before] = await tx.delete(sessionPolicies).where(eq(sessionPolicies.id, id)).returning();
      if (!before) throw notFound('SessionPolicy', id);
      await recordAudit(tx, auditLog, [
        {
          tenantId: ctx.tenantId(),
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'session_policy.delete',
          entityType: 'SessionPolicy',
          entityId: id,
          before,
        },
      ]);
      return true;
    });
    await announceSessionsChanged(ctx, { tenantId: ctx.tenantId(), reason: 'session_policy_deleted' });
    return deleted;
  },
};
