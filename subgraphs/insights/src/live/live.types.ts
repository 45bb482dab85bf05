import { DateTimeScalar, DecimalScalar, Money } from '@wg/runtime';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  AnalyticsFigures,
  CompanyAnalytics,
  Department,
  DepartmentAnalytics,
  Employee,
  EmployeeAnalytics,
  MonthlyAnalytics,
  Project,
  ProjectAnalytics,
} from '../analytics/analytics.type';

export enum AnalyticsScopeKind {
  COMPANY = 'COMPANY',
  DEPARTMENT = 'DEPARTMENT',
  EMPLOYEE = 'EMPLOYEE',
  PROJECT = 'PROJECT',
}
registerEnumType(AnalyticsScopeKind, {
  name: 'AnalyticsScopeKind',
  description: 'What a set of live analytics figures describes.',
  valuesConfig: {
    COMPANY: { description: 'The whole tenant.' },
    DEPARTMENT: { description: 'One department (the labour and salaries attributed to it by date).' },
    EMPLOYEE: { description: 'One employee.' },
    PROJECT: { description: 'One project.' },
  },
});

@InputType('AnalyticsScopeInput', {
  description:
    'Which analytics to watch: exactly one of `company: true`, `departmentId`, `employeeId`, `projectId`.',
})
export class AnalyticsScopeInput {
  @Field(() => Boolean, { nullable: true, description: 'true: the company-wide figures.' })
  company?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'A department of the caller’s tenant.' })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'An employee of the caller’s tenant.' })
  employeeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A project of the caller’s tenant.' })
  projectId?: string | null;
}

@ObjectType('AnalyticsUpdate', {
  implements: AnalyticsFigures,
  description:
    'Current figures of one analytics scope. Pushed by `analyticsUpdated` whenever the projections behind ' +
    'them change (coalesced), and readable at any time with `analyticsSnapshot`. The common figures are ' +
    'flat; the scope’s full analytics object is in the matching `…Analytics` field.',
})
export class AnalyticsUpdate extends AnalyticsFigures {
  @Field(() => AnalyticsScopeKind, { description: 'What the figures describe.' })
  scope!: AnalyticsScopeKind;

  @Field(() => ID, { description: 'Id of the department, employee or project; the tenant id for COMPANY.' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When these figures were read.' })
  at!: Date;

  @Field(() => Department, {
    nullable: true,
    description: 'DEPARTMENT: the department; EMPLOYEE / PROJECT: its department, if any; COMPANY: null.',
  })
  department!: Department | null;

  @Field(() => Employee, { nullable: true, description: 'EMPLOYEE: the employee; otherwise null.' })
  employee!: Employee | null;

  @Field(() => Project, { nullable: true, description: 'PROJECT: the project; otherwise null.' })
  project!: Project | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'People counted: on the books (COMPANY, DEPARTMENT) or contributors (PROJECT); null for EMPLOYEE.',
  })
  headcount!: number | null;

  @Field(() => DecimalScalar, { description: 'Counted hours logged (Σ hours, all time).' })
  override hoursLogged!: string;

  @Field(() => Money, {
    description: 'Revenue, all time: Σ counted hours × the project rate on each line’s date.',
  })
  override revenue!: Money;

  @Field(() => Money, {
    description:
      'The cost base, all time up to today: employment cost (COMPANY, DEPARTMENT, EMPLOYEE: pro-rated salaries) ' +
      'or labour cost (PROJECT: Σ counted hours × hourly cost on each line’s date).',
  })
  override cost!: Money;

  @Field(() => Money, { description: 'Profit, all time: `revenue − cost`.' })
  override profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Return, all time: `(revenue − cost) / cost`, 4 decimals; null while cost is zero.',
  })
  override roi!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Revenue per hour, all time: `revenue / hoursLogged`, 2 decimals; null without hours.',
  })
  override productivityIndex!: string | null;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], {
    description:
      'The 12 complete calendar months before the current one, oldest first, empty months included.',
  })
  monthly!: MonthlyAnalytics[];

  @Field(() => CompanyAnalytics, { nullable: true, description: 'COMPANY: the full company analytics.' })
  companyAnalytics!: CompanyAnalytics | null;

  @Field(() => DepartmentAnalytics, {
    nullable: true,
    description: 'DEPARTMENT: the full department analytics.',
  })
  departmentAnalytics!: DepartmentAnalytics | null;

  @Field(() => EmployeeAnalytics, { nullable: true, description: 'EMPLOYEE: the full employee analytics.' })
  employeeAnalytics!: EmployeeAnalytics | null;

  @Field(() => ProjectAnalytics, { nullable: true, description: 'PROJECT: the full project analytics.' })
  projectAnalytics!: ProjectAnalytics | null;
}

@ObjectType('ReplyUsage', { description: 'Tokens used by one assistant reply.' })
export class ReplyUsage {
  @Field(() => Int, { description: 'Tokens the assistant read (approximate for the local assistant).' })
  promptTokens!: number;

  @Field(() => Int, { description: 'Tokens in the reply (approximate for the local assistant).' })
  completionTokens!: number;
}

@ObjectType('ConversationReplyEvent', {
  description:
    'A piece of an assistant reply as it is written. Concatenating the `delta`s of one `messageId` gives the ' +
    'stored reply; the last event has `done: true` and `usage`, and is sent after the reply is stored.',
})
export class ConversationReplyEvent {
  @Field(() => ID, { description: 'Id of the reply message (the `replyId` sendMessage returned).' })
  messageId!: string;

  @Field(() => String, { description: 'Text added since the previous event (may be empty on the last one).' })
  delta!: string;

  @Field(() => Boolean, { description: 'true on the last event of the reply.' })
  done!: boolean;

  @Field(() => ReplyUsage, { nullable: true, description: 'Token counts; only on the last event.' })
  usage!: ReplyUsage | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Set on a last event when the assistant failed: nothing was stored, send the question again.',
  })
  error!: string | null;
}
