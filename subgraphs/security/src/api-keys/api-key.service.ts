import { randomBytes } from 'node:crypto';
import { apiKeys, auditLog } from '@wg/db/security';
import {
  conflict,
  type Connection,
  forbidden,
  isUuid,
  notFound,
  type PageArgs,
  paginate,
  recordAudit,
  rules,
  z,
} from '@wg/runtime';
import { eq, getTableColumns } from 'drizzle-orm';
import { raiseAlert } from '../alerts/alert.service';
import { randomToken, sha256Hex } from '../common/crypto';
import type { SecurityContext } from '../loaders';
import { isPermission, PLATFORM_PERMISSIONS, parseGrant } from '../roles/permission';
import { inTenant } from '../transactions';
import type { ApiKey, ApiKeyIdentity, CreatedApiKey } from './api-key.type';

/** `wgk_<12 hex>_<43 base64url>`: recognisable in logs and by secret scanners. */
export const API_KEY_PATTERN = /^wgk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** Transient channel gateways listen on to drop cached keys. */
export const API_KEY_REVOKED_CHANNEL = 'security.api_key_revoked';
const MAX_LIFETIME_MS = 2 * 366 * 86_400_000;
/** lastUsedAt is a hint, not an audit trail: refresh it at most once a minute per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

const createSchema = z.object({
  name: rules.name('Name'),
  permissions: z
    .array(
      z
        .string()
        .refine(isPermission, 'Must be resource:action:scope with scope own, team or all')
        .refine((p) => !PLATFORM_PERMISSIONS.has(p), 'Platform permissions cannot be given to an API key'),
    )
    .min(1, 'Give the key at least one scope')
    .max(100, 'At most 100 scopes'),
  expiresAt: z
    .date()
    .nullish()
    .refine((d) => !d || d.getTime() > Date.now(), 'Must be in the future')
    .refine((d) => !d || d.getTime() < Date.now() + MAX_LIFETIME_MS, 'Must be at most 2 years ahead'),
});

/** Audit/read shape: everything but the hash. */
const { secretHash: _hash, ...publicColumns } = getTableColumns(apiKeys);

export const apiKeyService = {
  async list(ctx: SecurityContext, page: PageArgs): Promise<Connection<ApiKey>> {
    ctx.authorize('api_key:read');
    return ctx.tx((tx) =>
      paginate<typeof apiKeys, ApiKey>(
        tx,
        { table: apiKeys, key: apiKeys.id, order: 'desc', columns: publicColumns },
        page,
      ),
    );
  },

  async create(
    ctx: SecurityContext,
    input: { name: string; permissions: string[]; expiresAt?: Date | null },
  ): Promise<CreatedApiKey> {
    ctx.authorize('api_key:create');
    // No escalation: a key carries at most what its creator holds.
    const data = parseGrant(ctx.identity, createSchema, input);
    const prefix = randomBytes(6).toString('hex');
    const secret = `wgk_${prefix}_${randomToken(32)}`;
    return ctx.tx(async (tx) => {
      const [row] = await tx
        .insert(apiKeys)
        .values({
          tenantId: ctx.tenantId(),
          name: data.name,
          prefix,
          secretHash: sha256Hex(secret),
          permissions: [...new Set(data.permissions)].sort(),
          expiresAt: data.expiresAt ?? null,
          createdBy: ctx.identity.userId,
        })
        .returning(publicColumns);
      const apiKey = row as ApiKey;
      await recordAudit(tx, auditLog, [
        {
          tenantId: apiKey.tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'api_key.create',
          entityType: 'ApiKey',
          entityId: apiKey.id,
          after: apiKey,
        },
      ]);
      return { apiKey, secret };
    });
  },

  /** Revokes a key; it fails on the gateway's next request (gateways drop their cache on the notice). */
  async revoke(ctx: SecurityContext, id: string): Promise<ApiKey> {
    ctx.authorize('api_key:revoke');
    if (!isUuid(id)) throw notFound('ApiKey', id);
    const revoked = await ctx.tx(async (tx) => {
      const [before] = await tx.select(publicColumns).from(apiKeys).where(eq(apiKeys.id, id)).for('update');
      if (!before) throw notFound('ApiKey', id);
      if (before.revokedAt) throw conflict('This API key is already revoked');
      const [after] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(eq(apiKeys.id, id))
        .returning(publicColumns);
      await recordAudit(tx, auditLog, [
        {
          tenantId: before.tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'api_key.revoke',
          entityType: 'ApiKey',
          entityId: id,
          before,
          after,
        },
      ]);
      return after as ApiKey;
    });
    // After the commit: a gateway that reloads on the notice must find the key revoked.
    await ctx.bus
      .publishTransient(API_KEY_REVOKED_CHANNEL, {
        tenantId: revoked.tenantId,
        apiKeyId: revoked.id,
        prefix: revoked.prefix,
      })
      .catch((error: unknown) => ctx.log.warn({ err: error }, 'api key revocation notice not sent'));
    return revoked;
  },

  /**
   * The gateway's `x-api-key` lookup (system identity only). Null for anything that is not a
   * valid, live key; using a revoked key raises (or bumps) a REVOKED_API_KEY_USED alert.
   */
  async identify(ctx: SecurityContext, secret: string): Promise<ApiKeyIdentity | null> {
    if (ctx.identity.kind !== 'system') throw forbidden();
    if (!API_KEY_PATTERN.test(secret)) return null;
    // Pre-tenant lookup by hash on the owner handle: the key is what tells us the tenant.
    const [key] = await ctx.database.system
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.secretHash, sha256Hex(secret)))
      .limit(1);
    if (!key) return null;
    const scope = { tenantId: key.tenantId, requestId: ctx.requestId };
    const now = Date.now();
    if (key.revokedAt) {
      await inTenant(ctx.database, scope, (tx) =>
        raiseAlert(tx, {
          tenantId: key.tenantId,
          kind: 'REVOKED_API_KEY_USED',
          severity: 'HIGH',
          summary: `Revoked API key "${key.name}" (wgk_${key.prefix}) was used`,
          apiKeyId: key.id,
          details: { prefix: key.prefix, ip: ctx.client.ip, userAgent: ctx.client.userAgent },
          dedupe: true,
          requestId: ctx.requestId,
        }),
      );
      return null;
    }
    if (key.expiresAt && key.expiresAt.getTime() <= now) return null;
    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await inTenant(ctx.database, scope, (tx) =>
        tx
          .update(apiKeys)
          .set({ lastUsedAt: new Date(now) })
          .where(eq(apiKeys.id, key.id)),
      );
    }
    return {
      tenantId: key.tenantId,
      apiKeyId: key.id,
      name: key.name,
      permissions: key.permissions,
      expiresAt: key.expiresAt,
    };
  },
};
