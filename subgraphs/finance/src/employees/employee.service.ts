import type { Scope } from '@wg/runtime';
import type { FinanceContext } from '../loaders';

export const employeeService = {
  /**
   * Whether a caller holding `scope` for some employee-related permission may see `employeeId`:
   * `all` sees everyone; `own` only the caller's own employee record; `team` the caller and their
   * reporting line (as replicated from people into entity_refs).
   */
  async visible(ctx: FinanceContext, scope: Scope, employeeId: string): Promise<boolean> {
    if (scope === 'all') return true;
    const self = ctx.identity.employeeId;
    if (!self) return false;
    if (employeeId === self) return true;
    if (scope === 'own') return false;
    return ctx.loaders.reportingLine(self).load(employeeId);
  },

  /** `Employee.roi`: FORBIDDEN without `financials:read`; null outside the caller's scope. */
  async roi(ctx: FinanceContext, employeeId: string): Promise<string | null> {
    const scope = ctx.authorize('financials:read');
    if (!(await this.visible(ctx, scope, employeeId))) return null;
    return ctx.loaders.roiByEmployee.load(employeeId);
  },
};
