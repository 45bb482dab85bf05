import type { Database, Tx } from '@wg/db';
import { auditLog, outbox, tenants } from '@wg/db/security';
import {
  badInput,
  emitEvent,
  type FieldError,
  forbidden,
  InvalidInputError,
  isUniqueViolation,
  isUuid,
  parseInput,
  recordAudit,
  rules,
  z,
  zodFieldErrors,
} from '@wg/runtime';
import { sql } from 'drizzle-orm';
import { SecurityEventTypes } from '../events';
import type { SecurityContext } from '../loaders';
import { getMailer } from '@wg/runtime/mail';
import { asPlatform } from '../transactions';
import { type InviteData, inviteInTx, parseInvite } from '../users/user-lifecycle.service';
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
      return await asPlatform(database, (tx) => insertTenant(tx, data, null, 'platform'));
    } catch (error) {
      if (isUniqueViolation(error))
        throw badInput([{ field: 'slug', message: 'This slug is already taken' }]);
      throw error;
    }
  },

  /**
   * `createTenant`: a platform super-admin (`tenant:create:all`) creates a tenant and invites its
   * first admin, in one transaction — the tenant row on the owner connection (no tenant context
   * exists yet), then the admin's user, token, event and audit under row-level security in the
   * new tenant. The invitation mail goes out after the commit.
   */
  async createWithAdmin(
    ctx: SecurityContext,
    input: { slug: string; name: string; adminEmail: string; adminDisplayName: string },
  ): Promise<Tenant> {
    ctx.tenantId();
    // A platform permission is held only by name: a tenant admin's `*:*:all` must not cover it.
    if (ctx.identity.kind !== 'user' || !ctx.identity.permissions.includes('tenant:create:all')) {
      throw forbidden('tenant:create:all');
    }
    const errors: FieldError[] = [];
    const tenant = createSchema.safeParse({ slug: input.slug, name: input.name });
    if (!tenant.success) {
      errors.push(...zodFieldErrors(tenant.error));
    }
    let admin: InviteData | undefined;
    try {
      admin = parseInvite({ email: input.adminEmail, displayName: input.adminDisplayName, roles: ['admin'] });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      const { fields } = error;
      errors.push(
        ...fields.map((f) => ({
          field:
            f.field === 'input.email'
              ? 'input.adminEmail'
              : f.field === 'input.displayName'
                ? 'input.adminDisplayName'
                : f.field,
          message: f.message,
        })),
      );
    }
    if (errors.length > 0 || !tenant.success || !admin) throw badInput(errors);
    const data = tenant.data;
    const invitee = admin;
    try {
      const { row, mail } = await asPlatform(ctx.database, async (tx) => {
        const row = await insertTenant(tx, data, ctx.identity.userId, ctx.requestId);
        await tx.execute(
          sql`select set_config('app.tenant_id', ${row.id}, true), set_config('role', 'wg_app', true)`,
        );
        const { mail } = await inviteInTx(ctx, tx, row.id, invitee, row.name).catch((error: unknown) => {
          if (error instanceof InvalidInputError && error.fields.some((f) => f.field === 'input.email')) {
            throw badInput([{ field: 'input.adminEmail', message: 'Email is already in use' }]);
          }
          throw error;
        });
        return { row, mail };
      });
      await getMailer().send(mail);
      return row;
    } catch (error) {
      if (isUniqueViolation(error))
        throw badInput([{ field: 'input.slug', message: 'This slug is already taken' }]);
      throw error;
    }
  },
};

async function insertTenant(
  tx: Tx,
  data: CreateTenant,
  actorId: string | null,
  requestId: string,
): Promise<Tenant> {
  const [created] = await tx.insert(tenants).values({ slug: data.slug, name: data.name }).returning();
  const row = created!;
  await emitEvent(tx, outbox, {
    tenantId: row.id,
    type: SecurityEventTypes.tenantCreated,
    aggregateType: 'Tenant',
    aggregateId: row.id,
    data: { id: row.id, slug: row.slug, name: row.name },
  });
  await recordAudit(tx, auditLog, [
    {
      tenantId: row.id,
      actorId,
      requestId,
      action: 'tenant.create',
      entityType: 'Tenant',
      entityId: row.id,
      after: row,
    },
  ]);
  return row;
}
