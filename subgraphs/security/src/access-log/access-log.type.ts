import { DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum AccessOutcome {
  SUCCESS = 'SUCCESS',
  ERROR = 'ERROR',
  DENIED = 'DENIED',
  RATE_LIMITED = 'RATE_LIMITED',
  REJECTED = 'REJECTED',
}
registerEnumType(AccessOutcome, {
  name: 'AccessOutcome',
  description:
    'SUCCESS: no errors; ERROR: executed with errors; DENIED: UNAUTHENTICATED/FORBIDDEN; RATE_LIMITED; REJECTED: refused before execution (operation limits, CSRF, persisted-query policy, invalid document).',
  valuesConfig: {
    SUCCESS: { description: 'Executed without errors.' },
    ERROR: { description: 'Executed, with at least one error in the response.' },
    DENIED: { description: 'Refused as UNAUTHENTICATED or FORBIDDEN.' },
    RATE_LIMITED: { description: 'Refused because the caller was over its rate limit.' },
    REJECTED: {
      description:
        'Refused before execution: operation limits, CSRF, persisted-query policy or an invalid document.',
    },
  },
});

@Directive('@inaccessible')
@InputType('AccessLogEntryInput', { description: 'One authenticated operation, as the gateway saw it.' })
export class AccessLogEntryInput {
  @Field(() => ID, { description: 'Tenant of the caller.' })
  tenantId!: string;

  @Field(() => ID, { nullable: true, description: 'User, for JWT callers.' })
  userId?: string | null;

  @Field(() => ID, { nullable: true, description: 'API key, for x-api-key callers.' })
  apiKeyId?: string | null;

  @Field(() => String, { nullable: true, description: 'GraphQL operation name (max 200).' })
  operationName?: string | null;

  @Field(() => AccessOutcome, { description: 'How it ended.' })
  outcome!: AccessOutcome;

  @Field(() => String, { nullable: true, description: 'Client IP (max 100).' })
  ip?: string | null;

  @Field(() => String, { nullable: true, description: 'User agent (max 500).' })
  userAgent?: string | null;

  @Field(() => String, { nullable: true, description: 'Request id (max 200).' })
  requestId?: string | null;

  @Field(() => DateTimeScalar, { description: 'When the request started.' })
  occurredAt!: Date;

  @Field(() => Int, { nullable: true, description: 'How long it took, in milliseconds.' })
  durationMs?: number | null;

  @Field(() => [String], { nullable: true, description: 'extensions.code of each error (max 50).' })
  errorCodes?: string[] | null;
}

@ObjectType('AccessLogEntry', { description: 'One authenticated operation (append-only log).' })
export class AccessLogEntry {
  @Field(() => ID, { description: 'Row id.' })
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The user, for JWT callers.' })
  userId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The API key, for x-api-key callers.' })
  apiKeyId!: string | null;

  @Field(() => String, { nullable: true, description: 'GraphQL operation name.' })
  operationName!: string | null;

  @Field(() => AccessOutcome, { description: 'How it ended.' })
  outcome!: AccessOutcome;

  @Field(() => String, { nullable: true, description: 'Client IP.' })
  ip!: string | null;

  @Field(() => String, { nullable: true, description: 'Client user agent.' })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: 'Request id (matches logs and errors).' })
  requestId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the request started.' })
  occurredAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Duration in milliseconds.' })
  durationMs!: number | null;

  @Field(() => [String], { description: 'Error codes returned.' })
  errorCodes!: string[];
}

@ObjectType('AuditCount', { description: 'Operations sharing a value, and how many of them failed.' })
export class AuditCount {
  @Field(() => String, { description: 'Outcome, operation name ("(anonymous)" if none) or user/API key id.' })
  key!: string;

  @Field(() => Int, { description: 'Operations.' })
  count!: number;

  @Field(() => Int, { description: 'Of which not SUCCESS.' })
  failures!: number;
}

@ObjectType('AuditReport', {
  description: 'What happened in the tenant between two instants, from the access log.',
})
export class AuditReport {
  @Field(() => DateTimeScalar, { description: 'Start (inclusive).' })
  from!: Date;

  @Field(() => DateTimeScalar, { description: 'End (exclusive).' })
  to!: Date;

  @Field(() => Int, { description: 'Operations in the window.' })
  total!: number;

  @Field(() => Int, { description: 'Operations that did not succeed.' })
  failures!: number;

  @Field(() => Int, { description: 'Distinct users and API keys seen.' })
  distinctCallers!: number;

  @Field(() => [AuditCount], { description: 'By outcome.' })
  byOutcome!: AuditCount[];

  @Field(() => [AuditCount], { description: 'By operation name, busiest first (top 50).' })
  byOperation!: AuditCount[];

  @Field(() => [AuditCount], { description: 'By caller (user id or API key id), busiest first (top 50).' })
  byCaller!: AuditCount[];

  @Field(() => [AccessLogEntry], { description: 'The latest 50 operations that did not succeed.' })
  recentFailures!: AccessLogEntry[];
}
