import { alertKinds, alertSeverities, alertStatuses } from '@wg/db/security';
import { connectionType, DateTimeScalar } from '@wg/runtime';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

const asEnum = <T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };

export const AlertKind = asEnum(alertKinds);
export type AlertKind = (typeof alertKinds)[number];
export const AlertSeverity = asEnum(alertSeverities);
export type AlertSeverity = (typeof alertSeverities)[number];
export const AlertStatus = asEnum(alertStatuses);
export type AlertStatus = (typeof alertStatuses)[number];

registerEnumType(AlertKind, {
  name: 'SecurityAlertKind',
  description:
    'FAILED_LOGIN_BURST: an account locked after repeated failures; REFRESH_TOKEN_REUSE: a rotated refresh token came back (session revoked); BULK_EXPORT: an export over the threshold; REVOKED_API_KEY_USED; IP_NOT_ALLOWED: a login or refresh from outside the allow-list.',
  valuesConfig: {
    FAILED_LOGIN_BURST: { description: 'An account locked after repeated failed logins.' },
    REFRESH_TOKEN_REUSE: {
      description: 'A rotated refresh token was presented again; the session was revoked.',
    },
    BULK_EXPORT: { description: 'A data export over the size threshold.' },
    REVOKED_API_KEY_USED: { description: 'A revoked API key was presented.' },
    IP_NOT_ALLOWED: { description: 'A login or refresh from outside the session policy’s IP allow-list.' },
  },
});
registerEnumType(AlertSeverity, {
  name: 'SecurityAlertSeverity',
  description: 'How urgent the alert is.',
  valuesConfig: {
    LOW: { description: 'Informational; review when convenient.' },
    MEDIUM: { description: 'Review soon.' },
    HIGH: { description: 'Review today.' },
    CRITICAL: { description: 'Act now.' },
  },
});
registerEnumType(AlertStatus, {
  name: 'SecurityAlertStatus',
  description:
    'Workflow: OPEN -> ACKNOWLEDGED -> RESOLVED (OPEN -> RESOLVED allowed); nothing leaves RESOLVED.',
  valuesConfig: {
    OPEN: { description: 'New; nobody has looked at it yet.' },
    ACKNOWLEDGED: { description: 'Someone is looking at it.' },
    RESOLVED: { description: 'Dealt with; final.' },
  },
});

@ObjectType('SecurityAlert', { description: 'Something security-relevant that a person should look at.' })
export class SecurityAlert {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => AlertKind, { description: 'What happened.' })
  kind!: AlertKind;

  @Field(() => AlertSeverity, { description: 'How urgent it is.' })
  severity!: AlertSeverity;

  @Field(() => AlertStatus, { description: 'Where it is in the resolve workflow.' })
  status!: AlertStatus;

  @Field(() => String, { description: 'One line for a list view.' })
  summary!: string;

  @Field(() => ID, { nullable: true, description: 'The user concerned, if any.' })
  userId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The API key concerned, if any.' })
  apiKeyId!: string | null;

  @Field(() => GraphQLJSONObject, {
    description: 'Facts behind the alert (counts, IP, window); never secrets.',
  })
  details!: Record<string, unknown>;

  @Field(() => DateTimeScalar, { description: 'When the alert was raised.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When someone acknowledged it.' })
  acknowledgedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who acknowledged it.' })
  acknowledgedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was resolved.' })
  resolvedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who resolved it.' })
  resolvedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'What was done about it.' })
  resolution!: string | null;

  tenantId!: string;
}

export const SecurityAlertConnection = connectionType(SecurityAlert, 'SecurityAlert');

@ObjectType('AlertCount', { description: 'How many alerts share a value.' })
export class AlertCount {
  @Field(() => String, { description: 'The kind, severity or status counted.' })
  key!: string;

  @Field(() => Int, { description: 'Number of alerts.' })
  count!: number;
}

@ObjectType('SecurityDashboard', { description: 'The security posture of the tenant at a glance.' })
export class SecurityDashboard {
  @Field(() => Int, { description: 'Alerts not resolved yet (OPEN or ACKNOWLEDGED).' })
  unresolvedAlerts!: number;

  @Field(() => Int, { description: 'Unresolved alerts of severity HIGH or CRITICAL.' })
  criticalOrHigh!: number;

  @Field(() => [AlertCount], { description: 'Unresolved alerts by kind.' })
  byKind!: AlertCount[];

  @Field(() => [AlertCount], { description: 'Unresolved alerts by severity.' })
  bySeverity!: AlertCount[];

  @Field(() => [AlertCount], { description: 'All alerts of the last 30 days by status.' })
  byStatus!: AlertCount[];

  @Field(() => [SecurityAlert], { description: 'The ten most recent unresolved alerts.' })
  recent!: SecurityAlert[];

  @Field(() => Int, { description: 'Users locked out right now.' })
  lockedUsers!: number;

  @Field(() => Int, { description: 'Failed logins in the last 24 hours.' })
  failedLoginsLast24h!: number;

  @Field(() => Int, { description: 'Active users with MFA enabled.' })
  usersWithMfa!: number;

  @Field(() => Int, { description: 'Active users.' })
  activeUsers!: number;

  @Field(() => Int, { description: 'API keys neither revoked nor expired.' })
  activeApiKeys!: number;

  @Field(() => Int, { description: 'Sessions not revoked, not expired.' })
  activeSessions!: number;
}
