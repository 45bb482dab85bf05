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
  description:
    'How `topPerformers` ranks employees, all time, highest first. By ROI or productivity only employees whose ' +
    'figure is defined are ranked (no employment cost or no hours: not ranked rather than last).',
  valuesConfig: {
    ROI: { description: 'All time: `(revenue − employmentCost) / employmentCost`.' },
    REVENUE: { description: 'All time: Σ counted hours × the project rate on each line’s date.' },
    PROFIT: { description: 'All time: `revenue − employmentCost`.' },
    HOURS: { description: 'Counted hours logged, all time.' },
    PRODUCTIVITY: { description: 'All time: `revenue / hoursLogged` (revenue per hour).' },
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
  description:
    'How `topProjects` ranks projects, all time, highest first. By ROI only projects whose ROI is defined are ' +
    'ranked: some labour cost, and no unpriced or unbilled hours (see `ProjectAnalytics.unpricedHours`).',
  valuesConfig: {
    ROI: { description: 'All time: `(revenue − laborCost) / laborCost`.' },
    REVENUE: { description: 'All time: Σ counted hours × the project rate on each line’s date.' },
    PROFIT: { description: 'All time: `revenue − laborCost`.' },
    HOURS: { description: 'Counted hours logged on it, all time.' },
    PRODUCTIVITY: { description: 'All time: `revenue / hoursLogged` (revenue per hour).' },
  },
});

/**
 * The figures every analytics object shares, defined once (issue #11.4, meanings fixed by #12).
 * Implementations re-declare a field where its period or cost base is specific.
 */
@InterfaceType('AnalyticsFigures', {
  description:
    'The figures every analytics object shares, one vocabulary everywhere: `hoursLogged`, `revenue`, ' +
    '`laborCost`, `cost` (the cost base: employment cost for company, department and employee; labour cost ' +
    'for a project), `profit = revenue − cost`, `roi = (revenue − cost) / cost`, `productivityIndex = revenue / ' +
    'hoursLogged`. A timesheet line counts unless it is REJECTED or dated outside every employment stint of the employee (each hire or rehire date through its termination date, from people); it ' +
    'counts in the month of its own date. Money is in the tenant’s reporting currency. Period: all time up to ' +
    'and including today (the current month pro-rated to date) unless the type says otherwise.',
})
export abstract class AnalyticsFigures {
  @Field(() => DecimalScalar, {
    description: 'Counted hours logged in the period (Σ hours), e.g. "1520.50".',
  })
  hoursLogged!: string;

  @Field(() => Money, {
    description:
      'Revenue in the period: Σ counted hours × the project’s hourly rate effective on each line’s date.',
  })
  revenue!: Money;

  @Field(() => Money, {
    description:
      'Labour cost in the period: Σ counted hours × the employee’s hourly cost on each line’s date (annual salary / 2080).',
  })
  laborCost!: Money;

  @Field(() => Money, {
    description:
      'The cost base in the period: employment cost (Σ pro-rated salaries; company, department, employee) or labour ' +
      'cost (Σ counted hours × hourly cost; project).',
  })
  cost!: Money;

  @Field(() => Money, { description: 'Profit in the period: `revenue − cost`.' })
  profit!: Money;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Return in the period: `(revenue − cost) / cost`, 4 decimals; null while cost is zero.',
  })
  roi!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Revenue per hour in the period: `revenue / hoursLogged`, 2 decimals; null without hours.',
  })
  productivityIndex!: string | null;
}

const EMPLOYMENT_COST =
  'salaries of the employees in scope, pro-rated by calendar day: Σ annual salary × days inside one of the employee’s employment stints and covered by ' +
  'the compensation / (12 × days in the month) (payroll actuals will replace this once payroll runs exist)';

@ObjectType('MonthlyAnalytics', {
  implements: AnalyticsFigures,
  description:
    'One calendar month of a trend (company, department, employee or project): every figure covers the lines ' +
    'dated in that month and the days of employment in it. `monthly` holds the 12 complete months before the ' +
    'current one, oldest first, empty months included; `currentMonth` is the month to date.',
})
export class MonthlyAnalytics extends AnalyticsFigures {
  @Field(() => DateScalar, { description: 'First day of the month, e.g. `2026-03-01`.' })
  month!: string;

  @Field(() => DecimalScalar, { description: 'Counted hours dated in the month (Σ hours), e.g. "312.50".' })
  override hoursLogged!: string;

  @Field(() => DecimalScalar, {
    description: 'Counted hours dated in the month (Σ hours).',
    deprecationReason: 'Use `hoursLogged`, as on every other analytics type. Removed in the next release.',
  })
  hours!: string;

  @Field(() => Money, {
    description: 'Revenue of the month: Σ counted hours dated in it × the project rate on each line’s date.',
  })
  override revenue!: Money;

  @Field(() => Money, {
    description:
      'Labour cost of the month: Σ counted hours dated in it × the hourly cost (annual salary / 2080) on each line’s date.',
  })
  override laborCost!: Money;

  @Field(() => Money, {
    description:
      'The month’s cost base: `employmentCost` (Σ pro-rated salaries; company, department, employee) or `laborCost` ' +
      '(Σ counted hours × hourly cost; project).',
  })
  override cost!: Money;

  @Field(() => Money, {
    nullable: true,
    description: `Employment cost of the month: ${EMPLOYMENT_COST}; null for a project.`,
  })
  employmentCost!: Money | null;

  @Field(() => Money, { description: 'Profit of the month: `revenue − cost`.' })
  override profit!: Money;

  @Field(() => Money, {
    nullable: true,
    description: `Salary cost of the month: ${EMPLOYMENT_COST}; null for projects. Equal to \`employmentCost\` until payroll runs exist.`,
  })
  salaryCost!: Money | null;

  @Field(() => Money, {
    nullable: true,
    description: 'Salary cost of the month: Σ pro-rated salaries, the same as `salaryCost`.',
    deprecationReason:
      'Use `salaryCost`, as on company and department analytics. Removed in the next release.',
  })
  salary!: Money | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Company / department: employees on the books at month end (department: in it on that day); project: ' +
      'employees who logged time; ' +
      'null for an employee.',
  })
  headcount!: number | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Return of the month: `(revenue − cost) / cost`, 4 decimals; null while cost is zero.',
  })
  override roi!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Revenue per hour of the month: `revenue / hoursLogged`, 2 decimals; null without hours.',
  })
  override productivityIndex!: string | null;
}

@ObjectType('AnalyticsPeriod', {
  implements: AnalyticsFigures,
  description:
    'Figures summed over a period of whole calendar months, `from` to `to` inclusive (e.g. `last12Months`: the ' +
    '12 complete months before the current one), from unrounded sums.',
})
export class AnalyticsPeriod extends AnalyticsFigures {
  @Field(() => DateScalar, { description: 'First day of the period.' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last day of the period (inclusive).' })
  to!: string;

  @Field(() => Money, {
    nullable: true,
    description: `Employment cost of the period: ${EMPLOYMENT_COST}; null for a project.`,
  })
  employmentCost!: Money | null;
}

@Directive('@key(fields: "id")')
@ObjectType('CompanyAnalytics', {
  implements: AnalyticsFigures,
  description:
    'Company-wide figures from the insights read models (fed by domain events, so they trail writes by moments), ' +
    'measured against the employment cost of everyone employed. Period: all time up to and including today ' +
    'unless a field says otherwise. Money is in the tenant’s reporting currency and computed with exact decimals.',
})
export class CompanyAnalytics extends AnalyticsFigures {
  @Field(() => ID, { description: 'The tenant id (one company analytics per tenant).' })
  id!: string;

  @Field(() => Int, { description: 'Employees on the books now (status ACTIVE or ON_LEAVE).' })
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
    description: `Employment cost, all time up to today: ${EMPLOYMENT_COST}. The company’s cost base.`,
  })
  employmentCost!: Money;

  @Field(() => Money, {
    description: 'Revenue, all time: Σ counted hours × the project rate on each line’s date.',
    deprecationReason: 'Use `revenue`, the name every analytics type uses. Removed in the next release.',
  })
  totalRevenue!: Money;

  @Field(() => Money, {
    description:
      'Labour cost of the counted hours, all time (Σ hours × hourly cost on each line’s date): what `cost` meant before.',
    deprecationReason:
      'Use `laborCost` (the same figure) or `cost` (employment cost, the ROI base). Removed in the next release.',
  })
  totalCost!: Money;

  @Field(() => Money, {
    description: `Salary cost, all time up to today: ${EMPLOYMENT_COST}. Equal to \`employmentCost\` until payroll runs exist.`,
  })
  salaryCost!: Money;

  @Field(() => [MonthlyAnalytics], {
    description:
      'The 12 complete calendar months before the current one, oldest first, empty months included.',
  })
  monthly!: MonthlyAnalytics[];

  @Field(() => MonthlyAnalytics, { description: 'The current month to date (salaries pro-rated to today).' })
  currentMonth!: MonthlyAnalytics;

  @Field(() => AnalyticsPeriod, { description: 'The 12 complete months of `monthly`, summed.' })
  last12Months!: AnalyticsPeriod;

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
    'A department’s figures, attributed by date: a timesheet line counts in the department its employee was in on ' +
    'the line’s date, and each day of salary in the department the employee was in that day (people’s ' +
    'effective-dated transfers), so a transfer never rewrites a closed month. Headcount is the current members. ' +
    'Period: all time up to and including today unless a field says otherwise. Re-fetchable by `id` (= the department id).',
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

  @Field(() => DecimalScalar, {
    description:
      'Counted hours logged while their employee was in the department (Σ hours of lines dated in a membership, all time).',
  })
  override hoursLogged!: string;

  @Field(() => Money, {
    description: `Employment cost of the days its employees were in it, all time up to today: ${EMPLOYMENT_COST}. The department’s cost base.`,
  })
  employmentCost!: Money;

  @Field(() => Money, {
    description: `Salary cost of the days its employees were in it, all time up to today: ${EMPLOYMENT_COST}. Equal to \`employmentCost\` until payroll runs exist.`,
  })
  salaryCost!: Money;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], {
    description:
      'The 12 complete calendar months before the current one, oldest first, empty months included.',
  })
  monthly!: MonthlyAnalytics[];

  @Field(() => MonthlyAnalytics, { description: 'The current month to date (salaries pro-rated to today).' })
  currentMonth!: MonthlyAnalytics;

  @Field(() => AnalyticsPeriod, { description: 'The 12 complete months of `monthly`, summed.' })
  last12Months!: AnalyticsPeriod;
}

@Directive('@key(fields: "id")')
@ObjectType('EmployeeAnalytics', {
  implements: AnalyticsFigures,
  description:
    'An employee’s figures: the revenue their counted hours generated against what employing them cost. Period: all ' +
    'time up to and including today unless a field says otherwise (`last12Months` for the trailing year). ' +
    'Re-fetchable by `id` (= the employee id).',
})
export class EmployeeAnalytics extends AnalyticsFigures {
  @Field(() => ID, { description: 'The employee id.' })
  id!: string;

  @Field(() => Employee, { description: 'The employee (fields from people and the other subgraphs).' })
  employee!: Employee;

  @Field(() => Department, { nullable: true, description: 'The department they are in now.' })
  department!: Department | null;

  @Field(() => DecimalScalar, { description: 'Counted hours they logged (Σ hours, all time).' })
  override hoursLogged!: string;

  @Field(() => Money, {
    description: `Their employment cost, all time up to today: ${EMPLOYMENT_COST}. Their cost base.`,
  })
  employmentCost!: Money;

  @Field(() => Money, {
    description: `Their salary cost, all time up to today: ${EMPLOYMENT_COST}. Equal to \`employmentCost\` until payroll runs exist.`,
  })
  salaryCost!: Money;

  @Field(() => Money, {
    description: 'Their salary cost, all time: Σ pro-rated salary, the same as `salaryCost`.',
    deprecationReason:
      'Use `salaryCost`, as on company and department analytics. Removed in the next release.',
  })
  salary!: Money;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], {
    description:
      'The 12 complete calendar months before the current one, oldest first, empty months included.',
  })
  monthly!: MonthlyAnalytics[];

  @Field(() => MonthlyAnalytics, { description: 'The current month to date (salary pro-rated to today).' })
  currentMonth!: MonthlyAnalytics;

  @Field(() => AnalyticsPeriod, {
    description:
      'The 12 complete months of `monthly`, summed: the trailing-year ROI is `last12Months.roi` ' +
      '(`(revenue − employmentCost) / employmentCost` over those months).',
  })
  last12Months!: AnalyticsPeriod;
}

@Directive('@key(fields: "id")')
@ObjectType('ProjectAnalytics', {
  implements: AnalyticsFigures,
  description:
    'A project’s figures: hours, revenue and labour cost of the counted lines logged on it; its cost base is the ' +
    'labour cost. Period: all time up to and including today unless a field says otherwise. Re-fetchable by `id` ' +
    '(= the project id).',
})
export class ProjectAnalytics extends AnalyticsFigures {
  @Field(() => ID, { description: 'The project id.' })
  id!: string;

  @Field(() => Project, { description: 'The project (fields from work and finance).' })
  project!: Project;

  @Field(() => Department, { nullable: true, description: 'The department that owns the project, if any.' })
  department!: Department | null;

  @Field(() => Int, { description: 'Employees who logged counted time on it (all time).' })
  headcount!: number;

  @Field(() => DecimalScalar, { description: 'Counted hours logged on it (Σ hours, all time).' })
  override hoursLogged!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Return on labour, all time: `(revenue − laborCost) / laborCost`, 4 decimals; null while laborCost is zero ' +
      'or while any counted hour is unpriced or unbilled (then the ratio would be wrong, not just low).',
  })
  override roi!: string | null;

  @Field(() => DecimalScalar, {
    description:
      'Counted hours (Σ, all time) dated when the employee had no compensation: their labour cost is 0, so a dashboard ' +
      'can warn “13 of 19.75 hours have no cost rate”.',
  })
  unpricedHours!: string;

  @Field(() => DecimalScalar, {
    description:
      'Counted hours (Σ, all time) dated when the project had no billing rate: their revenue is 0.',
  })
  unbilledHours!: string;

  @Field(() => String, { description: 'ISO-4217 currency of the money fields.' })
  currency!: string;

  @Field(() => [MonthlyAnalytics], {
    description:
      'The 12 complete calendar months before the current one, oldest first, empty months included.',
  })
  monthly!: MonthlyAnalytics[];

  @Field(() => MonthlyAnalytics, { description: 'The current month to date.' })
  currentMonth!: MonthlyAnalytics;

  @Field(() => AnalyticsPeriod, { description: 'The 12 complete months of `monthly`, summed.' })
  last12Months!: AnalyticsPeriod;
}
