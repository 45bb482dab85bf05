import { auditLog, employeeCustomFieldDefinitions } from '@wg/db/people';
import { badInput, DateTimeScalar, isUniqueViolation, recordAudit, requireScope, z } from '@wg/runtime';
import { asc } from 'drizzle-orm';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Arg,
  Ctx,
  Field,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import type { PeopleContext } from '../loaders';
import { readAccess } from './employee.access';
import { EmployeeImportReport, importEmployees } from './employee.import';
import { privacyService } from './employee.privacy';
import { issues } from './employee.service';
import { Employee } from './employee.type';

export const CustomFieldType = {
  STRING: 'STRING',
  NUMBER: 'NUMBER',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  SELECT: 'SELECT',
} as const;
export type CustomFieldType = (typeof CustomFieldType)[keyof typeof CustomFieldType];
registerEnumType(CustomFieldType, {
  name: 'CustomFieldType',
  description: 'Value type of a custom employee field.',
  valuesConfig: {
    STRING: { description: 'Free text.' },
    NUMBER: { description: 'A number (JSON number).' },
    BOOLEAN: { description: 'true or false.' },
    DATE: { description: 'A calendar day, `YYYY-MM-DD`.' },
    SELECT: { description: 'One of the field’s `options`.' },
  },
});

@ObjectType('EmployeeCustomField', { description: 'A tenant-defined employee field.' })
export class EmployeeCustomField {
  @Field(() => String, { description: 'Key in `Employee.customFields`.' })
  key!: string;

  @Field(() => String, { description: 'Label for forms.' })
  label!: string;

  @Field(() => CustomFieldType, { description: 'Value type.' })
  type!: CustomFieldType;

  @Field(() => Boolean, { description: 'Every employee must have a value.' })
  required!: boolean;

  @Field(() => [String], { description: 'Allowed values (SELECT only).' })
  options!: string[];

  @Field(() => DateTimeScalar, { description: 'When it was defined.' })
  createdAt!: Date;
}

@InputType('DefineEmployeeCustomFieldInput', { description: 'A new tenant-defined employee field.' })
export class DefineEmployeeCustomFieldInput {
  @Field(() => String, { description: 'Identifier: a letter, then letters, digits or _ (max 50).' })
  key!: string;

  @Field(() => String, { description: 'Label for forms.' })
  label!: string;

  @Field(() => CustomFieldType, { description: 'Value type.' })
  type!: CustomFieldType;

  @Field(() => Boolean, { nullable: true, description: 'Default false.' })
  required?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'Allowed values; required for SELECT.' })
  options?: string[] | null;
}

const defineSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'A letter, then letters, digits or _ (max 50)'),
    label: z.string().trim().min(1, 'Label must not be empty').max(100),
    type: z.enum(['STRING', 'NUMBER', 'BOOLEAN', 'DATE', 'SELECT']),
    required: z.boolean().nullish(),
    options: z.array(z.string().trim().min(1).max(100)).max(100).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'SELECT' && !v.options?.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'SELECT fields need options' });
    }
  });

/** Import, privacy (export / erase) and custom-field configuration for employees. */
@Resolver()
export class EmployeeAdminResolver {
  @Query(() => [EmployeeCustomField], { description: "The tenant's custom employee fields." })
  async employeeCustomFields(@Ctx() ctx: PeopleContext): Promise<EmployeeCustomField[]> {
    readAccess(ctx);
    return ctx.tx((tx) =>
      tx.select().from(employeeCustomFieldDefinitions).orderBy(asc(employeeCustomFieldDefinitions.key)),
    ) as Promise<EmployeeCustomField[]>;
  }

  @Mutation(() => EmployeeCustomField, {
    description: 'Define a custom employee field. Requires `employee:configure:all`.',
  })
  async defineEmployeeCustomField(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => DefineEmployeeCustomFieldInput, {
      description: 'Key, label, value type and options of the field.',
    })
    input: DefineEmployeeCustomFieldInput,
  ): Promise<EmployeeCustomField> {
    requireScope(ctx.identity, 'employee:configure', 'all');
    const tenantId = ctx.tenantId();
    const parsed = defineSchema.safeParse(input);
    if (!parsed.success) throw badInput(issues(parsed.error));
    const d = parsed.data;
    try {
      return await ctx.tx(async (tx) => {
        const [row] = await tx
          .insert(employeeCustomFieldDefinitions)
          .values({
            tenantId,
            key: d.key,
            label: d.label,
            type: d.type,
            required: d.required ?? false,
            options: d.type === 'SELECT' ? (d.options ?? []) : [],
          })
          .returning();
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'employee_custom_field.define',
            entityType: 'EmployeeCustomField',
            entityId: tenantId,
            after: row,
          },
        ]);
        return row as EmployeeCustomField;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw badInput([{ field: 'input.key', message: 'A field with this key exists' }]);
      throw error;
    }
  }

  @Mutation(() => EmployeeImportReport, {
    description:
      'Import employees from CSV (header row; columns firstName, lastName, workEmail, hireDate, department (name), and optionally preferredName, personalEmail, phone, dateOfBirth, jobTitle, startDate, employmentType, managerEmail (an existing employee or a row of the file), workLocation, avatarUrl, nationalId, bankAccount, custom.<key>). All or nothing: with any error nothing is written and the report lists every problem. Requires `employee:import:all`.',
  })
  importEmployees(
    @Ctx() ctx: PeopleContext,
    @Arg('csv', () => String, {
      description: 'RFC 4180 CSV text with a header row (columns as in the people README).',
    })
    csv: string,
    @Arg('dryRun', () => Boolean, { nullable: true, description: 'Validate only.' }) dryRun: boolean | null,
  ): Promise<EmployeeImportReport> {
    return importEmployees(ctx, csv, dryRun ?? false);
  }

  @Query(() => GraphQLJSONObject, {
    description:
      'Right of access: everything the people subgraph holds about one employee, as JSON (sensitive fields decrypted). Requires `employee:export:all` (or `:own` for yourself); audited.',
  })
  exportEmployeeData(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee whose data is exported.' }) id: string,
  ): Promise<Record<string, unknown>> {
    return privacyService.export(ctx, id);
  }

  @Mutation(() => Employee, {
    description:
      'Right to erasure: pseudonymise a terminated employee’s personal data, keeping the record, history structure and aggregates. Requires `employee:erase:all`; audited; emits people.employee.erased.',
  })
  eraseEmployee(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the employee whose personal data is erased.' }) id: string,
  ): Promise<Employee> {
    return privacyService.erase(ctx, id);
  }
}
