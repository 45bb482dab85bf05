import { buildSubgraphSchema } from '@wg/runtime';
import { AttendanceEmployeeResolver, AttendanceResolver } from './attendance/attendance.resolver';
import { ShiftEmployeeResolver, ShiftFieldResolver, ShiftResolver } from './shifts/shift.resolver';
import { ShiftSwapResolver } from './shifts/shift-swap.resolver';
import { ShiftSwapApproval, ShiftSwapApprovalResolver } from './shifts/shift-swap-approval';
import { resolveDepartmentReference } from './departments/department.reference';
import { DepartmentResolver } from './departments/department.resolver';
import { Department } from './departments/department.type';
import { resolveEmployeeReference } from './employees/employee.reference';
import { EmployeeResolver } from './employees/employee.resolver';
import { Employee } from './employees/employee.type';
import { resolveProjectReference } from './projects/project.reference';
import { ProjectResolver } from './projects/project.resolver';
import { resolveTimesheetEntryReference } from './timesheets/timesheet.reference';
import {
  TimeOffAdjustmentResolver,
  TimeOffBalanceResolver,
} from './time-off/balances/time-off-balance.resolver';
import { HolidayCalendarResolver } from './time-off/holidays/holiday-calendar.resolver';
import { LeaveTypeResolver } from './time-off/leave-types/leave-type.resolver';
import { TimeOffPolicyResolver } from './time-off/policies/time-off-policy.resolver';
import {
  EmployeeTimeOffRequestsResolver,
  resolveTimeOffRequestReference,
  TimeOffRequestApprovalResolver,
  TimeOffRequestResolver,
} from './time-off/requests/time-off-request.resolver';
import { TimeOffRequestApproval } from './time-off/requests/time-off-request.type';
import { TimesheetEntryResolver } from './timesheets/timesheet.resolver';
import { TimesheetEntryApprovalResolver } from './timesheets/timesheet-approval.resolver';
import { TimesheetEntryApproval } from './timesheets/timesheet-approval.type';

export const buildWorkSchema = () =>
  buildSubgraphSchema({
    resolvers: [
      ProjectResolver,
      TimesheetEntryResolver,
      TimesheetEntryApprovalResolver,
      EmployeeResolver,
      DepartmentResolver,
      LeaveTypeResolver,
      HolidayCalendarResolver,
      TimeOffPolicyResolver,
      TimeOffBalanceResolver,
      TimeOffAdjustmentResolver,
      AttendanceResolver,
      AttendanceEmployeeResolver,
      ShiftResolver,
      ShiftFieldResolver,
      ShiftEmployeeResolver,
      ShiftSwapResolver,
      ShiftSwapApprovalResolver,
      TimeOffRequestResolver,
      EmployeeTimeOffRequestsResolver,
      TimeOffRequestApprovalResolver,
    ],
    // Entity stubs owned by people; work only contributes fields to them.
    // The *Approval types: reached only through `_entities` (security owns `myApprovals`).
    orphanedTypes: [Employee, Department, TimesheetEntryApproval, TimeOffRequestApproval, ShiftSwapApproval],
    references: {
      Project: { __resolveReference: resolveProjectReference },
      TimesheetEntry: { __resolveReference: resolveTimesheetEntryReference },
      Employee: { __resolveReference: resolveEmployeeReference },
      TimeOffRequest: { __resolveReference: resolveTimeOffRequestReference },
      Department: { __resolveReference: resolveDepartmentReference },
    },
  });
