import { PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { alertService } from './alert.service';
import {
  AlertKind,
  AlertStatus,
  SecurityAlert,
  SecurityAlertConnection,
  SecurityDashboard,
} from './alert.type';

@Resolver(() => SecurityAlert)
export class AlertResolver {
  @Query(() => SecurityAlertConnection, {
    description: 'Security alerts of the tenant, newest first. Needs `security_alert:read`.',
  })
  securityAlerts(
    @Ctx() ctx: SecurityContext,
    @Arg('status', () => AlertStatus, { nullable: true, description: 'Only alerts in this state.' })
    status: AlertStatus | null,
    @Arg('kind', () => AlertKind, { nullable: true, description: 'Only alerts of this kind.' })
    kind: AlertKind | null,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return alertService.list(ctx, { status, kind }, page);
  }

  @Query(() => SecurityAlert, { nullable: true, description: 'One alert. Needs `security_alert:read`.' })
  securityAlert(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'Alert id.' }) id: string,
  ): Promise<SecurityAlert | null> {
    return alertService.get(ctx, id);
  }

  @Query(() => SecurityDashboard, {
    description:
      'Alerts, lockouts, MFA coverage, keys and sessions at a glance. Needs `security_alert:read`.',
  })
  securityDashboard(@Ctx() ctx: SecurityContext): Promise<SecurityDashboard> {
    return alertService.dashboard(ctx);
  }

  @Mutation(() => SecurityAlert, {
    description:
      'OPEN -> ACKNOWLEDGED (someone is on it). CONFLICT otherwise. Needs `security_alert:update`.',
  })
  acknowledgeSecurityAlert(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'Alert id.' }) id: string,
  ): Promise<SecurityAlert> {
    return alertService.transition(ctx, id, 'ACKNOWLEDGED');
  }

  @Mutation(() => SecurityAlert, {
    description:
      'OPEN or ACKNOWLEDGED -> RESOLVED, with what was done. CONFLICT when already resolved. Needs `security_alert:update`.',
  })
  resolveSecurityAlert(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'Alert id.' }) id: string,
    @Arg('resolution', () => String, { description: 'What was done about it (required).' })
    resolution: string,
  ): Promise<SecurityAlert> {
    return alertService.transition(ctx, id, 'RESOLVED', resolution);
  }
}
