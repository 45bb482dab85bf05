import { type Connection, PageArgs, paginateList, pageWindow } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Employee, EmployeeConnection } from '../employees/employee.type';
import type { PeopleContext } from '../loaders';
import { checkDepth, orgChartService } from './org-chart.service';
import { OrgChart } from './org-chart.type';
import { assertIn, directoryVisible, keepVisible } from './visibility';

async function loadEmployees(ctx: PeopleContext, ids: string[]): Promise<Employee[]> {
  const rows = await ctx.loaders.employeeById.loadMany(ids);
  return rows.filter((r): r is Employee => r !== null && !(r instanceof Error));
}

@Resolver(() => Employee)
export class EmployeeOrgResolver {
  @Query(() => OrgChart, {
    description:
      'The org chart under `rootId` (or under every top-level employee when omitted; a team-scoped ' +
      'caller gets their own line), `depth` levels deep (null = all). Terminated employees are left out. ' +
      'Returned as a flat node list with `parentId`, so any depth renders from one request.',
  })
  orgChart(
    @Ctx() ctx: PeopleContext,
    @Arg('rootId', () => ID, { nullable: true, description: 'Employee at the top of the chart.' })
    rootId: string | null,
    @Arg('depth', () => Int, { nullable: true, description: 'Levels below the root, 0–50; null = all.' })
    depth: number | null,
  ): Promise<OrgChart> {
    return orgChartService.orgChart(ctx, rootId ?? null, depth ?? null);
  }

  @FieldResolver(() => EmployeeConnection, {
    description:
      'Everyone in this employee’s reporting line (direct and indirect reports, not terminated) whom the ' +
      'caller may see, Relay-paginated: nearest level first, by name within a level. `depth` limits the ' +
      'levels (1 = direct reports). Batched: one statement for a whole page of employees.',
  })
  async reports(
    @Root() e: Employee,
    @Ctx() ctx: PeopleContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('depth', () => Int, { nullable: true, description: 'Levels to include, 0–50; null = all.' })
    depth: number | null,
  ): Promise<Connection<Employee>> {
    pageWindow(page);
    const visible = await directoryVisible(ctx);
    const ids = await ctx.loaders.reportIdsByRoot(checkDepth(depth)).load(e.id);
    // Only the page's employees are loaded; visibility is decided on ids first so totals stay right.
    const listed = keepVisible(visible, ids, (id) => id);
    const cut = paginateList(listed, page, (id) => id);
    const nodes = await loadEmployees(
      ctx,
      cut.edges.map((edge) => edge.node),
    );
    const byId = new Map(nodes.map((n) => [n.id, n] as const));
    return {
      ...cut,
      edges: cut.edges.flatMap((edge) => {
        const node = byId.get(edge.node);
        return node ? [{ cursor: edge.cursor, node }] : [];
      }),
    };
  }

  @FieldResolver(() => [Employee], {
    description:
      'The managers above this employee, nearest first (their manager, then that manager’s manager, up ' +
      'to the top). Limited to the people the caller may read. Batched across a page.',
  })
  async managementChain(@Root() e: Employee, @Ctx() ctx: PeopleContext): Promise<Employee[]> {
    const visible = await directoryVisible(ctx);
    assertIn(visible, e.id);
    const ids = await ctx.loaders.managementChainIds.load(e.id);
    return keepVisible(visible, await loadEmployees(ctx, ids), (x) => x.id);
  }
}
