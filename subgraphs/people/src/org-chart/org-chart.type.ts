import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Employee } from '../employees/employee.type';

@ObjectType('OrgChartNode', {
  description:
    'One person in an org chart. Nodes form a tree through `parentId`; render them with any ' +
    'stratify/tree helper (parents always come before their children in `OrgChart.nodes`).',
})
export class OrgChartNode {
  @Field(() => ID, {
    description:
      'Opaque node id, unique per chart (root and depth limit) and employee, because `parentId`, `depth` ' +
      'and `hasMoreReports` are relative to the chart asked for. The employee id is `employeeId`.',
  })
  id!: string;

  @Field(() => ID, { description: 'Id of the employee at this node (`employee.id`).' })
  employeeId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The `id` of the node this one hangs under (the manager’s node); null for the chart roots.',
  })
  parentId!: string | null;

  @Field(() => Int, { description: 'Levels below the root (roots are 0).' })
  depth!: number;

  @Field(() => Int, { description: 'How many people (not terminated) report directly to this employee.' })
  directReportCount!: number;

  @Field(() => Boolean, {
    description:
      'True when this employee has direct reports that are not in the chart because of the depth limit; ' +
      'ask again with this node as `rootId` to expand it.',
  })
  hasMoreReports!: boolean;

  @Field(() => Employee, { description: 'The employee at this node.' })
  employee!: Employee;
}

@ObjectType('OrgChart', {
  description:
    'An org chart as a flat list of nodes with `parentId` and `depth`, parents before children, ' +
    'siblings by name: one request renders any depth without recursive fragments.',
})
export class OrgChart {
  @Field(() => [ID], {
    description: 'Employee ids of the chart roots (the requested root, or every top-level employee).',
  })
  rootIds!: string[];

  @Field(() => Int, { nullable: true, description: 'The depth limit applied; null = the whole tree.' })
  depth!: number | null;

  @Field(() => [OrgChartNode], { description: 'Every node, parents before children.' })
  nodes!: OrgChartNode[];
}
