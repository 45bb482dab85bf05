import { entityRefs, inbox, outbox } from '@wg/db/security';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay, startRefsConsumer } from '@wg/runtime';
import { startExportConsumer } from './alerts/export.consumer';
import { startApprovalsConsumer } from './approvals/approval.consumer';
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
  // Consumes `data.exported` / `people.employee.exported` to raise bulk-export alerts, and
  // `*.approval.changed` into the approvals inbox.
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    const stopExports = await startExportConsumer(database, bus);
    // Employees are people's: a local copy of their ids, so users are linked only to real ones
    // of their own tenant (setUserEmployee, inviteUser).
    // Departments too: `offer:approve` at scope team covers the approver's department and below.
    const stopRefs = await startRefsConsumer(database, bus, 'security', inbox, entityRefs, [
      'Employee',
      'Department',
    ]);
    // The approvals inbox: a read model of every owner's `*.approval.changed` events.
    const stopApprovals = await startApprovalsConsumer(database, bus);
    return async () => {
      await stopApprovals();
      await stopRefs();
      await stopExports();
      await relay.stop();
    };
  },
};
