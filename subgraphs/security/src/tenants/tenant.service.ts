import type { Database } from '@wg/db';
import { auditLog, outbox, tenants } from '@wg/db/schema/security';
import { badInput, emitEvent, isUniqueViolation, parseInput, recordAudit, rules, z } from '@wg/runtime';
import { SecurityEventTypes, type TenantCreatedData } from '../events';
import type { SecurityContext } from '../loaders';
import { asPlatform } from '../transactions';
import type { Tenant } from './tenant.type';

export interface CreateTenant {
  slug: string;
  name: string;
}

const createSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'Must be 1–63 lower-case letters, digits or inner hyphens, e.g. "acme"',
    ),
  name: rules.name('Tenant name'),
});

const isUuid = (v: string) => z.uuid().safeParse(v).success;

export const tenantService = {
  /** The caller's own tenant. Any authenticated caller may see it; no permission beyond that. */
  async current(ctx: SecurityContext): Promise<Tenant | null> {
    return ctx.loaders.tenantById.load(ctx.tenantId());
  },

  /** Federation: `Tenant { id }`. RLS makes any tenant but the caller's own resolve to null. */
  async get(ctx: SecurityContext, id: string): Promise<Tenant | null> {
    ctx.tenantId();
    if (!isUuid(id)) return null;
    return ctx.loaders.tenantById.load(id);
  },

  /**
   * Platform bootstrap (seed, tests, a future platform-admin API): creates a tenant. It runs on
   * the owner connection (`database.system`) because no tenant context exists yet — the tenant is
   * what is being created, and `tenant_id` on its event and audit row is its own new id. The slug
   * is unique across the platform; a taken slug is BAD_USER_INPUT `slug`.
   */
  async create(database: Database, input: CreateTenant): Promise<Tenant> {
    const data = parseInput(createSchema, input, '');
    try {
      return await asPlatform(database, async (tx) => {
        const [created] = await tx.insert(tenants).values({ slug: data.slug, name: data.name }).returning();
        const row = created!;
        await emitEvent<TenantCreatedData>(tx, outbox, {
          tenantId: row.id,
          type: SecurityEventTypes.tenantCreated,
          aggregateType: 'Tenant',
          aggregateId: row.id,
          data: { id: row.id, slug: row.slug, name: row.name },
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId: row.id,
            actorId: null,
            requestId: 'platform',
            action: 'tenant.create',
            entityType: 'Tenant',
            entityId: row.id,
            after: row,
          },
        ]);
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw badInput([{ field: 'slug', message: 'This slug is already taken' }]);
      throw error;
    }
  },
};
