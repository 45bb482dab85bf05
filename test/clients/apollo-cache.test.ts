import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloClient, type DocumentNode, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { eventually } from '@wg/runtime/testing';
import { tenantService, userService } from '@wg/security';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startTestPlatform } from '../harness';

/**
 * What an Apollo Client 4 user gets with the README's setup: the README's own example operations
 * run through a real ApolloClient + InMemoryCache (with schema/possible-types.json and
 * schema/type-policies.json) against the gateway, and nothing warns. A bare cache (no policies)
 * shows the warning the policies exist for, so the zero-warning check can fail.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const possibleTypes = JSON.parse(readFileSync(`${root}schema/possible-types.json`, 'utf8'));
const typePolicies = JSON.parse(readFileSync(`${root}schema/type-policies.json`, 'utf8'));

const readme = readFileSync(`${root}README.md`, 'utf8');
const examples = [...readme.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((m) => parse(m[1] ?? ''));
const operationOf = (doc: DocumentNode) =>
  doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let token: string;
const ids: Record<string, string> = {};
const warnings: string[] = [];

function client(cache: InMemoryCache) {
  return new ApolloClient({
    link: new HttpLink({
      uri: platform.gateway.url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
    cache,
  });
}
const policyCache = () => new InMemoryCache({ possibleTypes, typePolicies });

beforeAll(async () => {
  platform = await startTestPlatform();
  // The README logs in as the demo admin: give this private database that login.
  const tenant = await tenantService.create(platform.database, { slug: 'acme', name: 'Acme' });
  await userService.createWithPassword(platform.database, {
    tenantId: tenant.id,
    email: 'admin@acme.test',
    displayName: 'Acme admin',
    password: 'demo-password',
    roles: ['admin'],
  });
  const login = examples.find(
    (d) => operationOf(d).operation === 'mutation' && /login/.test(JSON.stringify(d)),
  )!;
  const res = await platform.query<{ login: { accessToken: string } }>(
    (await import('graphql')).print(login),
  );
  token = res.data!.login.accessToken;
  const q = async <T>(query: string, variables: Record<string, unknown>) => {
    const r = await platform.query<T>(query, variables, token);
    return r.errors ? undefined : (r.data ?? undefined);
  };
  ids.dept = (await q<{ createDepartment: { id: string } }>(
    `mutation { createDepartment(input: { name: "Engineering" }) { id } }`,
    {},
  ))!.createDepartment.id;
  const hire = async (first: string, managerId?: string) =>
    (await q<{ hireEmployee: { id: string } }>(
      `mutation ($i: CreateEmployeeInput!) { hireEmployee(input: $i) { id } }`,
      {
        i: {
          firstName: first,
          lastName: 'Cache',
          workEmail: `${first.toLowerCase()}@acme.test`,
          hireDate: '2024-01-15',
          departmentId: ids.dept,
          ...(managerId ? { managerId } : {}),
        },
      },
    ))!.hireEmployee.id;
  ids.ceo = await hire('Ceo');
  ids.head = await hire('Head', ids.ceo);
  ids.dev = await hire('Dev', ids.head);
  await hire('Intern', ids.dev);
  ids.project = (await eventually(() =>
    q<{ createProject: { id: string } }>(
      `mutation ($d: ID!) { createProject(input: { name: "Cache", code: "CACHE-1", departmentId: $d }) { id } }`,
      { d: ids.dept },
    ),
  ))!.createProject.id;
  await eventually(() =>
    q(
      `mutation ($e: ID!) { setCompensation(input: { employeeId: $e, baseSalary: "104000.00", currency: "USD", payFrequency: ANNUAL, effectiveFrom: "2024-01-01" }) { id } }`,
      { e: ids.dev },
    ),
  );
  await eventually(() =>
    q(
      `mutation ($p: ID!) { setProjectBillingRate(input: { projectId: $p, hourlyRate: "120.00", currency: "USD" }) { __typename } }`,
      { p: ids.project },
    ),
  );
});
afterAll(async () => platform?.stop());

beforeAll(() => {
  // Apollo Client reports cache problems through the console (invariant.warn / error).
  for (const level of ['warn', 'error', 'log', 'debug', 'info'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      warnings.push(`${level}: ${args.map(String).join(' ')}`);
    });
  }
});
afterEach(() => {
  warnings.length = 0;
});

/** README operations (queries and mutations; the subscription has its own test over graphql-ws), with variables. */
async function runReadme(apollo: ApolloClient) {
  const variables = { e: ids.dev, p: ids.project, id: ids.dept };
  let ran = 0;
  for (const doc of examples) {
    const op = operationOf(doc);
    if (op.operation === 'subscription') continue;
    if (op.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'login')) continue;
    const result =
      op.operation === 'mutation'
        ? await apollo.mutate({ mutation: doc, variables })
        : await apollo.query({ query: doc, variables, fetchPolicy: 'network-only' });
    expect(result.error, JSON.stringify(result.error)).toBeUndefined();
    ran += 1;
  }
  return ran;
}

/** A second screen reading the same objects with other selections, as any app does. */
const DETAIL = parse(/* GraphQL */ `
  query Detail {
    projects(first: 3) { edges { node { id financials { revenue { amount } } } } }
    companyAnalytics { id revenue { currency } profit { currency } }
  }
`);

describe('Apollo Client 4 InMemoryCache', () => {
  it('runs every README query and mutation with the generated policies and logs nothing', async () => {
    const apollo = client(policyCache());
    expect(await runReadme(apollo)).toBeGreaterThanOrEqual(4);
    await apollo.query({ query: DETAIL, fetchPolicy: 'network-only' });
    await runReadme(apollo); // and back: the wider selections again over the narrower ones
    expect(warnings).toEqual([]);
  });

  it('runs the README subscription through GraphQLWsLink (graphql-ws) and gets a push, logging nothing', async () => {
    const subscription = examples.find((d) => operationOf(d).operation === 'subscription');
    expect(subscription, 'the README shows a subscription').toBeDefined();
    const ws = createClient({
      url: platform.gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const apollo = new ApolloClient({ link: new GraphQLWsLink(ws), cache: policyCache() });
    type Push = { data?: { analyticsUpdated: { hoursLogged: string; department: { name: string } } } | null };
    const pushes: Push[] = [];
    const failures: unknown[] = [];
    const handle = apollo.subscribe({ query: subscription!, variables: { id: ids.dept } }).subscribe({
      next: (r) => {
        if (r.error) failures.push(r.error);
        else pushes.push(r as Push);
      },
      error: (e) => failures.push(e),
    });
    try {
      // First push: the department's current figures, `department { name }` resolved from people.
      const first = await eventually(async () => pushes.find((p) => p.data?.analyticsUpdated), 30_000);
      expect(first.data!.analyticsUpdated.department.name).toBe('Engineering');
      const before = first.data!.analyticsUpdated.hoursLogged;
      // New hours on another day (the README's own logTime already ran for its date), then a push.
      const logged = await platform.query(
        /* GraphQL */ `mutation ($e: ID!, $p: ID!) {
          logTime(input: { employeeId: $e, projectId: $p, date: "2025-11-04", hours: "2.00" }) { id }
        }`,
        { e: ids.dev, p: ids.project },
        token,
      );
      expect(logged.errors).toBeUndefined();
      const pushed = await eventually(
        async () => pushes.find((p) => p.data && p.data.analyticsUpdated.hoursLogged !== before),
        30_000,
      );
      expect(Number(pushed.data!.analyticsUpdated.hoursLogged)).toBeGreaterThan(Number(before));
      expect(failures).toEqual([]);
      expect(warnings).toEqual([]);
    } finally {
      handle.unsubscribe();
      await ws.dispose();
    }
  });

  // Runs after the policy test on purpose: Apollo warns once per Type.field per process, so a
  // warning the policy test had already triggered would be swallowed here (and fail that test).
  it('without the policies the same screens warn that cache data may be lost (positive control)', async () => {
    const cache = new InMemoryCache();
    const apollo = client(cache);
    await runReadme(apollo);
    await apollo.query({ query: DETAIL, fetchPolicy: 'network-only' });
    expect(warnings.join('\n')).toMatch(/Cache data may be lost/);
  });

  it('keeps two org charts of the same people apart in the normalised cache', async () => {
    const cache = policyCache();
    const apollo = client(cache);
    const CHART = parse(/* GraphQL */ `
      query Chart($rootId: ID, $depth: Int) {
        orgChart(rootId: $rootId, depth: $depth) {
          rootIds
          nodes { id employeeId parentId depth hasMoreReports employee { id displayName } }
        }
      }
    `);
    const whole = await apollo.query({
      query: CHART,
      variables: { rootId: ids.ceo },
      fetchPolicy: 'network-only',
    });
    const sub = await apollo.query({
      query: CHART,
      variables: { rootId: ids.head, depth: 1 },
      fetchPolicy: 'network-only',
    });
    // Reading the first chart back from the cache gives exactly what the server sent for it: the
    // second chart (where Head is a root at depth 0 and Dev has more reports) overwrote nothing.
    expect(cache.readQuery({ query: CHART, variables: { rootId: ids.ceo } })).toEqual(whole.data);
    expect(cache.readQuery({ query: CHART, variables: { rootId: ids.head, depth: 1 } })).toEqual(sub.data);
    type Chart = { orgChart: { nodes: { employeeId: string; depth: number; parentId: string | null }[] } };
    const headIn = (d: unknown) => (d as Chart).orgChart.nodes.find((n) => n.employeeId === ids.head)!;
    expect([headIn(whole.data).depth, headIn(sub.data).depth]).toEqual([1, 0]);
    expect(headIn(sub.data).parentId).toBeNull();
    // The employee is still one shared entity.
    expect(cache.identify({ __typename: 'Employee', id: ids.head })).toBe(`Employee:${ids.head}`);
    expect(warnings).toEqual([]);
  });
});
