import { DateScalar, DecimalScalar, Money } from '@wg/runtime';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

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

@ObjectType('MonthlyAnalytics', {
  description:
    'One calendar month of a trend (company, department, employee or project). The series holds the ' +
    'last 12 months with any hours, revenue, cost or salary, oldest first.',
})
export class MonthlyAnalytics {
  @Field(() => DateScalar, { description: 'First day of the month, e.g. `2026-03-01`.' })
  month!: string;

  @Field(() => DecimalScalar, { description: 'Hours logged in the month, e.g. "312.50".' })
  hours!: string;

  @Field(() => Money, { description: 'Billable value of the hours logged in the month.' })
  revenue!: Money;

  @Field(() => Money, { description: 'Labour cost of the hours logged in the month (as finance priced it).' })
  cost!: Money;

  @Field(() => Money, {
    description: 'For an employee `revenue − salary`; otherwise `revenue − cost`.',
  })
  profit!: Money;

  @Field(() => Money, {
    nullable: true,
    description: 'Pro-rated salary of the month (employees in scope); null for projects.',
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
      'Employee: `(revenue − salary) / salary`; otherwise `(revenue − cost) / cost`. Null on a zero denominator.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Revenue per hour; null without hours.' })
  productivityIndex!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('CompanyAnalytics', {
  description:
    'Company-wide figures from the insights read models (fed by domain events, so they trail writes ' +
    'by moments). Money is in the tenant’s reporting currency and computed with exact decimals.',
})
export class CompanyAnalytics {
  @Field(() => ID, { description: 'The tenant id (one company analytics per tenant).' })
  id!: string;

  @Field(() => Int, { description: 'Employees on the books (status ACTIVE or ON_LEAVE).' })
  headcount!: number;

  @Field(() => Int, { description: 'Same as `headcount` (kept for existing clients).' })
  employeeCount!: number;

  @Field(() => Int, { description: 'Departments of the tenant.' })
  departmentCount!: number;

  @Field(() => Int, { description: 'Projects of the tenant.' })
  projectCount!: number;

  @Field(() => Money, { description: 'Billable value of all costed hours.' })
  totalRevenue!: Money;

  @Field(() => Money, { description: 'Labour cost of all costed hours.' })
  totalCost!: Money;

  @Field(() => Money, { description: '`totalRevenue − totalCost`.' })
  profit!: Money;

  @Field(() => Money, { description: 'Pro-rated salaries of all employees up to the current month.' })
  salaryCost!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Return on labour cost, `(revenue − cost) / cost`, 4 decimals; null while cost is zero.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, { description: 'All hours costed so far, e.g. "1520.50".' })
  hoursLogged!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Revenue per hour logged, 2 decimals; null while no hours are logged.',
  })
  productivityIndex!: string | null;

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
  description:
    'A department’s figures: labour of the employees currently in it, their salaries and headcount. ' +
    'Re-fetchable by `id` (= the department id).',
})
export class DepartmentAnalytics {
  @Field(() => ID, { description: 'The department id.' })
  id!: string;

  @Field(() => Department, { description: 'The department (name and the rest come from people).' })
  department!: Department;

  @Field(() => Int, {
    description: 'Employees currently in the department and on the books (ACTIVE or ON_LEAVE).',
  })
  headcount!: number;

  @Field(() => DecimalScalar, { description: 'Hours its employees logged (costed).' })
  hoursLogged!: string;

  @Field(() => Money, { description: 'Billable value of those hours.' })
  revenue!: Money;

  @Field(() => Money, { description: 'Labour cost of those hours.' })
  cost!: Money;

  @Field(() => Money, { description: '`revenue − cost`.' })
  profit!: Money;

  @Field(() => Money, { description: 'Pro-rated salaries of its employees up to the current month.' })
  salaryCost!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '`(revenue − cost) / cost`, 4 decimals; null while cost is zero.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Revenue per hour; null without hours.' })
  productivityIndex!: string | null;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], { description: 'The last 12 months with activity, oldest first.' })
  monthly!: MonthlyAnalytics[];
}

@Directive('@key(fields: "id")')
@ObjectType('EmployeeAnalytics', {
  description:
    'An employee’s figures: the revenue their hours generated against their salary. Re-fetchable by ' +
    '`id` (= the employee id).',
})
export class EmployeeAnalytics {
  @Field(() => ID, { description: 'The employee id.' })
  id!: string;

  @Field(() => Employee, { description: 'The employee (fields from people and the other subgraphs).' })
  employee!: Employee;

  @Field(() => Department, { nullable: true, description: 'The department they are in now.' })
  department!: Department | null;

  @Field(() => DecimalScalar, { description: 'Hours they logged (costed).' })
  hoursLogged!: string;

  @Field(() => Money, { description: 'Revenue generated: billable value of their hours.' })
  revenue!: Money;

  @Field(() => Money, { description: 'Labour cost of their hours as finance priced them.' })
  cost!: Money;

  @Field(() => Money, {
    description: 'Salary pro-rated from hire (or first compensation) up to the current month.',
  })
  salary!: Money;

  @Field(() => Money, { description: '`revenue − salary`.' })
  profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '`(revenue generated − salary) / salary`, 4 decimals; null while salary is zero.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Revenue per hour; null without hours.' })
  productivityIndex!: string | null;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], { description: 'The last 12 months with activity, oldest first.' })
  monthly!: MonthlyAnalytics[];
}

@Directive('@key(fields: "id")')
@ObjectType('ProjectAnalytics', {
  description:
    'A project’s figures: hours, revenue and labour cost logged on it. Re-fetchable by `id` (= the project id).',
})
export class ProjectAnalytics {
  @Field(() => ID, { description: 'The project id.' })
  id!: string;

  @Field(() => Project, { description: 'The project (fields from work and finance).' })
  project!: Project;

  @Field(() => Department, { nullable: true, description: 'The department that owns the project, if any.' })
  department!: Department | null;

  @Field(() => Int, { description: 'Employees who logged costed time on it.' })
  headcount!: number;

  @Field(() => DecimalScalar, { description: 'Hours logged on it (costed).' })
  hoursLogged!: string;

  @Field(() => Money, { description: 'Billable value of those hours.' })
  revenue!: Money;

  @Field(() => Money, { description: 'Labour cost of those hours.' })
  cost!: Money;

  @Field(() => Money, { description: '`revenue − cost`.' })
  profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '`(revenue − cost) / cost`, 4 decimals; null while cost is zero.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Revenue per hour; null without hours.' })
  productivityIndex!: string | null;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], { description: 'The last 12 months with activity, oldest first.' })
  monthly!: MonthlyAnalytics[];
}
