import { type Scope, scopeFor } from '@wg/runtime';
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

  /**
   * `Employee.roi`: null for an employee outside the caller's scope, and null without
   * `financials:read` at all — a field of an entity the caller may see is masked, not an error
   * (the README's permission rule).
   */
  async roi(ctx: FinanceContext, employeeId: string): Promise<string | null> {
    const scope = scopeFor(ctx.identity, 'financials', 'read');
    if (!scope || !(await this.visible(ctx, scope, employeeId))) return null;
    return ctx.loaders.roiByEmployee.load(employeeId);
  },
};
