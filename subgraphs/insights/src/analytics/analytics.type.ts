import { DateScalar, DecimalScalar, Money } from '@wg/runtime';
import { Directive, Field, ID, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';

/** Entity stub: people owns Department; insights adds `analytics`. */
@Directive('@key(fields: "id")')
@ObjectType('Department', {
  description: 'A unit of the organisation. Departments form a tree via `parent`.',
})
export class Department {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
}

/** Entity stub: people owns Employee; insights adds `analytics`. */
@Directive('@key(fields: "id")')
@ObjectType('Employee', { description: 'A person employed by the tenant.' })
export class Employee {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
}

/** Entity stub: work owns Project; insights adds `analytics`. */
@Directive('@key(fields: "id")')
@ObjectType('Project', { description: 'A body of work people log time against, owned by the work subgraph.' })
export class Project {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
}

export const departmentStub = (id: string) => Object.assign(new Department(), { id });
export const employeeStub = (id: string) => Object.assign(new Employee(), { id });
export const projectStub = (id: string) => Object.assign(new Project(), { id });

export enum PerformerRanking {
  ROI = 'ROI',
  REVENUE = 'REVENUE',
  PROFIT = 'PROFIT',
  HOURS = 'HOURS',
  PRODUCTIVITY = 'PRODUCTIVITY',
}
registerEnumType(PerformerRanking, {
  name: 'PerformerRanking',
  description: 'How `topPerformers` ranks employees (highest first; employees without the figure last).',
  valuesConfig: {
    ROI: { description: '`(revenue − salary) / salary`.' },
    REVENUE: { description: 'Billable value of the hours they logged.' },
    PROFIT: { description: '`revenue − salary`.' },
    HOURS: { description: 'Hours logged.' },
    PRODUCTIVITY: { description: 'Revenue per hour logged.' },
  },
});

export enum ProjectRanking {
  ROI = 'ROI',
  REVENUE = 'REVENUE',
  PROFIT = 'PROFIT',
  HOURS = 'HOURS',
  PRODUCTIVITY = 'PRODUCTIVITY',
}
registerEnumType(ProjectRanking, {
  name: 'ProjectRanking',
  description: 'How `topProjects` ranks projects (highest first; projects without the figure last).',
  valuesConfig: {
    ROI: { description: '`(revenue − cost) / cost`.' },
    REVENUE: { description: 'Billable value of the hours logged on it.' },
    PROFIT: { description: '`revenue − cost`.' },
    HOURS: { description: 'Hours logged on it.' },
    PRODUCTIVITY: { description: 'Revenue per hour logged.' },
  },
});

/**
 * The figures every analytics object shares, defined once (issue #11.4). Implementations re-declare
 * a field only where its meaning differs (an employee's cost base is their salary, a month is one
 * month), so the schema describes each precisely.
 */
@InterfaceType('AnalyticsFigures', {
  description:
    'The figures every analytics object shares, with one vocabulary: `hoursLogged`, `revenue`, `cost`, ' +
    '`profit = revenue − cost` (an employee: `revenue − salaryCost`), `roi = profit / cost base`, ' +
    '`productivityIndex = revenue / hoursLogged`. Money is in the tenant’s reporting currency. The period ' +
    'is the whole history (since the first costed hour) unless the type says otherwise (a month).',
})
export abstract class AnalyticsFigures {
  @Field(() => DecimalScalar, { description: 'Costed hours logged in the period, e.g. "1520.50".' })
  hoursLogged!: string;

  @Field(() => Money, {
    description: 'Billable value of the hours logged in the period: Σ hours × the project’s hourly rate.',
  })
  revenue!: Money;

  @Field(() => Money, {
    description:
      'Labour cost of the hours logged in the period, as finance priced them (Σ hours × hourly cost).',
  })
  cost!: Money;

  @Field(() => Money, { description: '`revenue − cost` over the period.' })
  profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Return on labour cost, `(revenue − cost) / cost`, 4 decimals; null while cost is zero.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '`revenue / hoursLogged` (revenue per hour), 2 decimals; null without hours.',
  })
  productivityIndex!: string | null;
}

@ObjectType('MonthlyAnalytics', {
  implements: AnalyticsFigures,
  description:
    'One calendar month of a trend (company, department, employee or project). The series holds the ' +
    'last 12 months with any hours, revenue, cost or salary, oldest first.',
})
export class MonthlyAnalytics extends AnalyticsFigures {
  @Field(() => DateScalar, { description: 'First day of the month, e.g. `2026-03-01`.' })
  month!: string;

  @Field(() => DecimalScalar, { description: 'Costed hours logged in the month, e.g. "312.50".' })
  override hoursLogged!: string;

  @Field(() => DecimalScalar, {
    description: 'Hours logged in the month.',
    deprecationReason: 'Use `hoursLogged`, as on every other analytics type. Removed in the next release.',
  })
  hours!: string;

  @Field(() => Money, {
    description: 'Billable value of the hours logged in the month (Σ hours × hourly rate).',
  })
  override revenue!: Money;

  @Field(() => Money, {
    description:
      'Labour cost of the hours logged in the month, as finance priced them (Σ hours × hourly cost).',
  })
  override cost!: Money;

  @Field(() => Money, {
    description:
      'The month’s `revenue − cost`; for an employee `revenue − salary` (their cost base is their salary).',
  })
  override profit!: Money;

  @Field(() => Money, {
    nullable: true,
    description: 'Salaries of the employees in scope, pro-rated to the month; null for projects.',
  })
  salaryCost!: Money | null;

  @Field(() => Money, {
    nullable: true,
    description: 'Same as `salaryCost`.',
    deprecationReason:
      'Use `salaryCost`, as on company and department analytics. Removed in the next release.',
  })
  salary!: Money | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Company / department: employees on the books at month end; project: employees who logged time; ' +
      'null for an employee.',
  })
  headcount!: number | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'The month’s return: employee `(revenue − salary) / salary`; otherwise `(revenue − cost) / cost`; 4 decimals, null on a zero denominator.',
  })
  override roi!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The month’s `revenue / hoursLogged`, 2 decimals; null without hours.',
  })
  override productivityIndex!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('CompanyAnalytics', {
  implements: AnalyticsFigures,
  description:
    'Company-wide figures from the insights read models (fed by domain events, so they trail writes ' +
    'by moments). Money is in the tenant’s reporting currency and computed with exact decimals.',
})
export class CompanyAnalytics extends AnalyticsFigures {
  @Field(() => ID, { description: 'The tenant id (one company analytics per tenant).' })
  id!: string;

  @Field(() => Int, { description: 'Employees on the books (status ACTIVE or ON_LEAVE).' })
  headcount!: number;

  @Field(() => Int, {
    description: 'Employees on the books; the same number as `headcount`.',
    deprecationReason: 'Use `headcount`, the name every analytics type uses. Removed in the next release.',
  })
  employeeCount!: number;

  @Field(() => Int, { description: 'Departments of the tenant.' })
  departmentCount!: number;

  @Field(() => Int, { description: 'Projects of the tenant.' })
  projectCount!: number;

  @Field(() => Money, {
    description: 'Billable value of all hours costed so far (all time).',
    deprecationReason: 'Use `revenue`, the name every analytics type uses. Removed in the next release.',
  })
  totalRevenue!: Money;

  @Field(() => Money, {
    description: 'Labour cost of all hours costed so far (all time).',
    deprecationReason: 'Use `cost`, the name every analytics type uses. Removed in the next release.',
  })
  totalCost!: Money;

  @Field(() => Money, {
    description: 'Salaries of all employees, pro-rated month by month from hire up to the current month.',
  })
  salaryCost!: Money;

  @Field(() => [MonthlyAnalytics], { description: 'The last 12 months with activity, oldest first.' })
  monthly!: MonthlyAnalytics[];

  @Field(() => String, {
    description:
      'ISO-4217 reporting currency of the money fields; "USD" until finance sets one or hours are costed.',
  })
  currency!: string;
}

@Directive('@key(fields: "id")')
@ObjectType('DepartmentAnalytics', {
  implements: AnalyticsFigures,
  description:
    'A department’s figures: labour of the employees currently in it, their salaries and headcount. ' +
    'Re-fetchable by `id` (= the department id).',
})
export class DepartmentAnalytics extends AnalyticsFigures {
  @Field(() => ID, { description: 'The department id.' })
  id!: string;

  @Field(() => Department, { description: 'The department (name and the rest come from people).' })
  department!: Department;

  @Field(() => Int, {
    description: 'Employees currently in the department and on the books (ACTIVE or ON_LEAVE).',
  })
  headcount!: number;

  @Field(() => DecimalScalar, { description: 'Costed hours its current employees logged (all time).' })
  override hoursLogged!: string;

  @Field(() => Money, {
    description:
      'Salaries of its current employees, pro-rated month by month from hire up to the current month.',
  })
  salaryCost!: Money;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], { description: 'The last 12 months with activity, oldest first.' })
  monthly!: MonthlyAnalytics[];
}

@Directive('@key(fields: "id")')
@ObjectType('EmployeeAnalytics', {
  implements: AnalyticsFigures,
  description:
    'An employee’s figures: the revenue their hours generated against their salary. Re-fetchable by ' +
    '`id` (= the employee id).',
})
export class EmployeeAnalytics extends AnalyticsFigures {
  @Field(() => ID, { description: 'The employee id.' })
  id!: string;

  @Field(() => Employee, { description: 'The employee (fields from people and the other subgraphs).' })
  employee!: Employee;

  @Field(() => Department, { nullable: true, description: 'The department they are in now.' })
  department!: Department | null;

  @Field(() => DecimalScalar, { description: 'Costed hours they logged (all time).' })
  override hoursLogged!: string;

  @Field(() => Money, {
    description:
      'Their salary, pro-rated month by month from hire (or first compensation) up to the current month.',
  })
  salaryCost!: Money;

  @Field(() => Money, {
    description: 'Same as `salaryCost`.',
    deprecationReason:
      'Use `salaryCost`, as on company and department analytics. Removed in the next release.',
  })
  salary!: Money;

  @Field(() => Money, {
    description:
      '`revenue − salaryCost`, all time: an employee is measured against what they are paid, not against the ' +
      'labour cost of their hours (that is `cost`, and `revenue − cost` is their hours’ margin).',
  })
  override profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '`(revenue − salaryCost) / salaryCost`, 4 decimals; null while salaryCost is zero.',
  })
  override roi!: string | null;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], { description: 'The last 12 months with activity, oldest first.' })
  monthly!: MonthlyAnalytics[];
}

@Directive('@key(fields: "id")')
@ObjectType('ProjectAnalytics', {
  implements: AnalyticsFigures,
  description:
    'A project’s figures: hours, revenue and labour cost logged on it. Re-fetchable by `id` (= the project id).',
})
export class ProjectAnalytics extends AnalyticsFigures {
  @Field(() => ID, { description: 'The project id.' })
  id!: string;

  @Field(() => Project, { description: 'The project (fields from work and finance).' })
  project!: Project;

  @Field(() => Department, { nullable: true, description: 'The department that owns the project, if any.' })
  department!: Department | null;

  @Field(() => Int, { description: 'Employees who logged costed time on it.' })
  headcount!: number;

  @Field(() => DecimalScalar, { description: 'Costed hours logged on it (all time).' })
  override hoursLogged!: string;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], { description: 'The last 12 months with activity, oldest first.' })
  monthly!: MonthlyAnalytics[];
}
