import { APPROVAL_TYPES, buildSubgraphSchema } from '@wg/runtime';
import { AccessLogResolver } from './access-log/access-log.resolver';
import { resolveApprovalReference } from './approvals/approval.reference';
import { ApprovalResolver, unusedPubSub } from './approvals/approval.resolver';
import { APPROVAL_CLASSES } from './approvals/approval.type';
import { AlertResolver } from './alerts/alert.resolver';
import { ApiKeyResolver } from './api-keys/api-key.resolver';
import { EmployeeResolver } from './employees/employee.resolver';
import { Employee } from './employees/employee.type';
import { MfaResolver } from './mfa/mfa.resolver';
import { PasswordResolver } from './passwords/password.resolver';
import { SessionPolicyResolver } from './policies/session-policy.resolver';
import { RoleResolver } from './roles/role.resolver';
import { SessionResolver } from './sessions/session.resolver';
import { resolveTenantReference } from './tenants/tenant.reference';
import { TenantResolver } from './tenants/tenant.resolver';
import { resolveUserReference } from './users/user.reference';
import { UserResolver } from './users/user.resolver';
import { UserLifecycleResolver } from './users/user-lifecycle.resolver';

/**
 * `Employee` is a stub (people owns it) and needs no `__resolveReference`: the default returns
 * the representation `{ id }`, which is all `user` reads.
 */
export const buildSecuritySchema = () =>
  buildSubgraphSchema({
    resolvers: [
      TenantResolver,
      UserResolver,
      SessionResolver,
      EmployeeResolver,
      ApiKeyResolver,
      AccessLogResolver,
      AlertResolver,
      ApprovalResolver,
      MfaResolver,
      PasswordResolver,
      RoleResolver,
      SessionPolicyResolver,
      UserLifecycleResolver,
    ],
    pubSub: unusedPubSub,
    // One concrete type per approval kind: nodes of the `Approval` interface.
    orphanedTypes: [Employee, ...Object.values(APPROVAL_CLASSES)],
    references: {
      Tenant: { __resolveReference: resolveTenantReference },
      User: { __resolveReference: resolveUserReference },
      ...Object.fromEntries(
        Object.values(APPROVAL_TYPES).map((t) => [
          t.typeName,
          { __resolveReference: resolveApprovalReference },
        ]),
      ),
    },
  });
