import { payFrequencies } from '@wg/db/finance';
import { DateScalar, DateTimeScalar, Money } from '@wg/runtime';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Employee } from '../employees/employee.type';

export type PayFrequency = (typeof payFrequencies)[number];
/** The GraphQL enum is built from the column's values, so the two cannot drift apart. */
export const PayFrequency = Object.fromEntries(payFrequencies.map((f) => [f, f])) as {
  [K in PayFrequency]: K;
};
registerEnumType(PayFrequency, {
  name: 'PayFrequency',
  description: 'The period `baseSalary` is paid for.',
  valuesConfig: {
    ANNUAL: { description: 'Per year.' },
    MONTHLY: { description: 'Per month (12 a year).' },
    BIWEEKLY: { description: 'Per two weeks (26 a year).' },
    WEEKLY: { description: 'Per week (52 a year).' },
    HOURLY: { description: 'Per hour (2080 hours a year: 52 weeks of 40 hours).' },
  },
});

@ObjectType('Compensation', {
  description: 'What an employee is paid from a given date on. Setting a new one keeps the history.',
})
export class Compensation {
  @Field(() => ID, { description: 'Identifies this compensation record.' })
  id!: string;

  @Field(() => Employee, { description: 'Who is paid.' })
  employee!: Employee;

  @Field(() => Money, { description: 'Gross base pay per pay period, in the tenant’s reporting currency.' })
  baseSalary!: Money;

  @Field(() => PayFrequency, { description: 'The period `baseSalary` is paid for.' })
  payFrequency!: PayFrequency;

  @Field(() => DateScalar, { description: 'First day this compensation applies.' })
  effectiveFrom!: string;

  @Field(() => DateTimeScalar, { description: 'When it was recorded.' })
  createdAt!: Date;
}

/** A compensations row as Drizzle returns it. */
export interface CompensationRow {
  id: string;
  employeeId: string;
  baseSalary: string;
  currency: string;
  payFrequency: PayFrequency;
  effectiveFrom: string;
  createdAt: Date;
}

export const toCompensation = (row: CompensationRow): Compensation =>
  Object.assign(new Compensation(), {
    id: row.id,
    employee: Employee.ref(row.employeeId),
    baseSalary: Money.of(row.baseSalary, row.currency),
    payFrequency: row.payFrequency,
    effectiveFrom: row.effectiveFrom,
    createdAt: row.createdAt,
  });
