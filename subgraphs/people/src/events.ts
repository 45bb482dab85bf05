/**
 * @wg/people/events — the events people publishes (its outbox), by type. Other subgraphs import
 * these types with `import type` only (`pnpm check:imports` allows nothing else). `data` is what
 * is listed here; adding an optional field is compatible, renaming or removing one is breaking.
 */

/** people.department.created / people.department.updated — aggregate `Department`. */
export interface DepartmentSnapshot {
  id: string;
  name: string;
  parentId: string | null;
}

/**
 * people.employee.* — aggregate `Employee`. `data` is always the whole snapshot after the change
 * (consumers upsert it), plus `change` describing what happened for lifecycle events.
 */
export interface EmployeeSnapshot {
  id: string;
  firstName: string;
  lastName: string;
  workEmail: string;
  departmentId: string;
  managerId: string | null;
  /** PENDING_START: hired, start date ahead (not on the books yet). */
  status: 'PENDING_START' | 'ACTIVE' | 'ON_LEAVE' | 'TERMINATED';
  hireDate: string;
  /**
   * Last day of employment (inclusive) once terminated; null while employed (a rehire clears it).
   * Optional because events recorded before it was added do not carry it.
   */
  terminationDate?: string | null;
  /**
   * Every employment period, oldest first, from people's employment history: each hire or rehire
   * date through the termination date (inclusive; `end` null while the period is open). The last
   * one is always the current `hireDate` .. `terminationDate`; a rehire keeps the earlier ones.
   * Days between two stints are not employment. Optional: events recorded before it was added do
   * not carry it (a consumer then knows the current period only).
   */
  stints?: EmploymentStint[];
  /** Contract type (people.employees.employment_type). Optional: older events do not carry it. */
  employmentType?: 'FULL_TIME' | 'PART_TIME' | 'CONTRACTOR' | 'INTERN';
  /** Office or remote location, free text (null when not recorded). Optional: older events do not carry it. */
  workLocation?: string | null;
  /** Present on lifecycle events (transfer, promotion, leave, return, termination, rehire, start). */
  change?: EmployeeChange;
}

/** One employment period: `start` (hire or rehire date) .. `end` (termination date, inclusive; null = open). */
export interface EmploymentStint {
  start: string;
  end: string | null;
}

export interface EmployeeChange {
  kind:
    | 'HIRE'
    | 'TRANSFER'
    | 'PROMOTION'
    | 'LEAVE'
    | 'RETURN'
    | 'TERMINATION'
    | 'REHIRE'
    | 'START'
    | 'UPDATE';
  effectiveDate: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** people.position.created / .updated / .deleted — aggregate `Position`: its public fields. */
export interface PositionSnapshot {
  id: string;
  title: string;
  level: string | null;
  jobFamily: string | null;
  departmentId: string;
  approvedSeats: number;
}

/** people.benefit.enrolled — aggregate `BenefitEnrollment`. Costs are decimal strings per period. */
export interface BenefitEnrolledData {
  id: string;
  employeeId: string;
  planId: string;
  planType: string;
  coverageStart: string;
  coverageEnd: string | null;
  employeeCost: string;
  employerCost: string;
  currency: string;
}

/** people.benefit.enrollment_ended — aggregate `BenefitEnrollment`. */
export interface BenefitEnrollmentEndedData {
  id: string;
  employeeId: string;
  planId: string;
  planType: string;
  coverageEnd: string;
}

/** people.employee_skill.set — aggregate `Employee`: a skill added or its proficiency changed (1–5). */
export interface EmployeeSkillSetData {
  employeeId: string;
  skillId: string;
  skillName: string;
  proficiency: number;
}

/** people.employee_skill.removed — aggregate `Employee`. */
export interface EmployeeSkillRemovedData {
  employeeId: string;
  skillId: string;
}

/** Every event people publishes: type → payload. */
export interface PeopleEvents {
  'people.department.created': DepartmentSnapshot;
  'people.department.updated': DepartmentSnapshot;
  'people.employee.hired': EmployeeSnapshot;
  'people.employee.updated': EmployeeSnapshot;
  'people.employee.transferred': EmployeeSnapshot;
  'people.employee.promoted': EmployeeSnapshot;
  'people.employee.leave_started': EmployeeSnapshot;
  'people.employee.returned': EmployeeSnapshot;
  'people.employee.terminated': EmployeeSnapshot;
  'people.employee.rehired': EmployeeSnapshot;
  /** A PENDING_START hire reached its start date and is now ACTIVE (`change.kind` START). */
  'people.employee.started': EmployeeSnapshot;
  /** The snapshot after erasure: names and e-mail replaced, ids kept. */
  'people.employee.erased': EmployeeSnapshot;
  'people.position.created': PositionSnapshot;
  'people.position.updated': PositionSnapshot;
  'people.position.deleted': PositionSnapshot;
  'people.benefit.enrolled': BenefitEnrolledData;
  'people.benefit.enrollment_ended': BenefitEnrollmentEndedData;
  'people.employee_skill.set': EmployeeSkillSetData;
  'people.employee_skill.removed': EmployeeSkillRemovedData;
}

export type PeopleEventType = keyof PeopleEvents;

/** The events whose payload is an employee snapshot (hire, lifecycle changes, erasure). */
export type EmployeeEventType = Extract<PeopleEventType, `people.employee.${string}`>;

declare module '@wg/runtime/events' {
  interface EventCatalogue extends PeopleEvents {}
}
