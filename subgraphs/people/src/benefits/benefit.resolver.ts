import { type Connection, DateScalar, nullWhenForbidden, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Employee } from '../employees/employee.type';
import type { PeopleContext } from '../loaders';
import { directoryVisible } from '../org-chart/visibility';
import { CreateBenefitPlanInput, EnrollInBenefitInput, UpdateBenefitPlanInput } from './benefit.input';
import { benefitService, enrollmentStatus } from './benefit.service';
import {
  BenefitEnrollment,
  BenefitPlan,
  BenefitPlanConnection,
  BenefitType,
  EnrollmentStatus,
} from './benefit.type';

@Resolver(() => BenefitPlan)
export class BenefitPlanResolver {
  @Query(() => BenefitPlanConnection, {
    description: 'Benefit plans on offer, by name, Relay-paginated. Requires `benefit_plan:read`.',
  })
  benefitPlans(
    @Ctx() ctx: PeopleContext,
    @Arg('type', () => BenefitType, {
      nullable: true,
      description: 'Only plans of this type; every type when omitted.',
    })
    type: BenefitType | null,
    @Arg('includeArchived', () => Boolean, { defaultValue: false, description: 'Also list archived plans.' })
    includeArchived: boolean,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Connection<BenefitPlan>> {
    return benefitService.listPlans(ctx, type ?? null, includeArchived, page);
  }

  @Query(() => BenefitPlan, { nullable: true, description: 'One benefit plan, or null.' })
  benefitPlan(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the benefit plan.' }) id: string,
  ): Promise<BenefitPlan | null> {
    return benefitService.getPlan(ctx, id);
  }

  @Mutation(() => BenefitPlan, { description: 'Create a benefit plan. Requires `benefit_plan:create:all`.' })
  createBenefitPlan(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => CreateBenefitPlanInput, {
      description: 'Name, type, costs and eligibility of the new plan.',
    })
    input: CreateBenefitPlanInput,
  ): Promise<BenefitPlan> {
    return benefitService.createPlan(ctx, input);
  }

  @Mutation(() => BenefitPlan, { description: 'Change a benefit plan. Requires `benefit_plan:update:all`.' })
  updateBenefitPlan(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the plan to change.' }) id: string,
    @Arg('input', () => UpdateBenefitPlanInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateBenefitPlanInput,
  ): Promise<BenefitPlan> {
    return benefitService.updatePlan(ctx, id, input);
  }

  @Mutation(() => BenefitPlan, {
    description:
      'Archive a plan: no new enrollments, existing ones stay. Requires `benefit_plan:update:all`.',
  })
  archiveBenefitPlan(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the plan to archive.' }) id: string,
  ): Promise<BenefitPlan> {
    return benefitService.archivePlan(ctx, id);
  }
}

@Resolver(() => BenefitEnrollment)
export class BenefitEnrollmentResolver {
  @Mutation(() => BenefitEnrollment, {
    description:
      'Enrol an eligible employee in a plan. Overlapping coverage of the same benefit type is a CONFLICT. ' +
      'Requires `benefit:create:all`.',
  })
  enrollInBenefit(
    @Ctx() ctx: PeopleContext,
    @Arg('input', () => EnrollInBenefitInput, {
      description: 'The employee, the plan, the coverage start and any dependants.',
    })
    input: EnrollInBenefitInput,
  ): Promise<BenefitEnrollment> {
    return benefitService.enroll(ctx, input);
  }

  @Mutation(() => BenefitEnrollment, {
    description: 'Set the last day of coverage (inclusive). Requires `benefit:update:all`.',
  })
  endBenefitEnrollment(
    @Ctx() ctx: PeopleContext,
    @Arg('id', () => ID, { description: 'Id of the enrollment to end.' }) id: string,
    @Arg('coverageEnd', () => DateScalar, { description: 'Last day of coverage (not before its start).' })
    coverageEnd: string,
  ): Promise<BenefitEnrollment> {
    return benefitService.endEnrollment(ctx, id, coverageEnd);
  }

  @FieldResolver(() => BenefitPlan, { nullable: true, description: 'The plan enrolled in.' })
  plan(@Root() e: BenefitEnrollment, @Ctx() ctx: PeopleContext): Promise<BenefitPlan | null> {
    return ctx.loaders.benefitPlanById.load(e.planId);
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'The covered employee.' })
  async employee(@Root() e: BenefitEnrollment, @Ctx() ctx: PeopleContext): Promise<Employee | null> {
    const visible = await directoryVisible(ctx);
    if (visible && !visible.has(e.employeeId)) return null;
    return ctx.loaders.employeeById.load(e.employeeId);
  }

  @FieldResolver(() => EnrollmentStatus, { description: 'UPCOMING, ACTIVE or ENDED as of today (UTC).' })
  status(@Root() e: BenefitEnrollment): EnrollmentStatus {
    return enrollmentStatus(e);
  }
}

@Resolver(() => Employee)
export class EmployeeBenefitsResolver {
  @FieldResolver(() => [BenefitEnrollment], {
    nullable: true,
    description:
      'Benefit enrollments, latest coverage first. Batched across a page. Requires `benefit:read`: own → ' +
      'yourself, team → your reporting line, all → anyone (others get null).',
  })
  benefits(@Root() e: Employee, @Ctx() ctx: PeopleContext): Promise<BenefitEnrollment[] | null> {
    return nullWhenForbidden(() => benefitService.forEmployee(ctx, e.id));
  }
}
