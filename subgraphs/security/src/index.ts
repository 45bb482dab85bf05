import { entityRefs, inbox, outbox } from '@wg/db/security';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay, startRefsConsumer } from '@wg/runtime';
import { startExportConsumer } from './alerts/export.consumer';
import { createLoaders, type SecurityLoaders } from './loaders';
import { buildSecuritySchema } from './schema';

export { SecurityEventTypes, type TenantCreatedData, type UserCreatedData } from './events';
export { type CreateTenant, tenantService } from './tenants/tenant.service';
export type { Tenant } from './tenants/tenant.type';
export { derivationConcurrency, derivations, hashPassword, verifyPassword } from './users/password';
export { type CreateUserWithPassword, userService } from './users/user.service';
export type { User } from './users/user.type';

/** Security: tenants, users and logins (roles, API keys and alerts come later). Adds `Employee.user`. */
export const securitySubgraph: SubgraphModule<SecurityLoaders> = {
  name: 'security',
  defaultPort: 4005,
  buildSchema: buildSecuritySchema,
  createLoaders,
  // Consumes `data.exported` / `people.employee.exported` to raise bulk-export alerts.
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    const stopExports = await startExportConsumer(database, bus);
    // Employees are people's: a local copy of their ids, so users are linked only to real ones
    // of their own tenant (setUserEmployee, inviteUser).
    const stopRefs = await startRefsConsumer(database, bus, 'security', inbox, entityRefs, ['Employee']);
    return async () => {
      await stopRefs();
      await stopExports();
      await relay.stop();
    };
  },
};
