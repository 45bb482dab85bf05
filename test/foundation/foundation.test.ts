import { type Database, DOMAIN_SCHEMAS, withTenant } from '@wg/db';
import { eventually } from '@wg/runtime/testing';
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callSubgraphDirect, createTenantWithLogins, startTestPlatform } from '../harness';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let globex: Awaited<ReturnType<typeof createTenantWithLogins>>;
const ids: Record<string, string> = {};

async function rows<T>(db: Database, q: ReturnType<typeof sql>, tenantId?: string): Promise<T[]> {
  const run = async (exec: { execute: Database['system']['execute'] }) => {
    const r = (await exec.execute(q)) as unknown as T[] | { rows: T[] };
    return Array.isArray(r) ? r : r.rows;
  };
  return tenantId !== undefined ? withTenant(db, { tenantId }, (tx) => run(tx)) : run(db.system);
}

function expectOk<T>(res: { data?: T | null; errors?: unknown[] }): T {
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

beforeAll(async () => {
  // Over HTTP: the main flow once over the real network path: signed internal tokens, HTTP between gateway and subgraphs.
  platform = await startTestPlatform({ network: true });
  acme = await createTenantWithLogins(platform, 'acme');
  globex = await createTenantWithLogins(platform, 'globex');
  const q = platform.query;
  const t = acme.adminToken;

  const eng = expectOk(
    await q<{ createDepartment: { id: string } }>(
      `mutation { createDepartment(input: { name: "Engineering" }) { id } }`,
      {},
      t,
    ),
  );
  const sales = expectOk(
    await q<{ createDepartment: { id: string } }>(
      `mutation { createDepartment(input: { name: "Sales" }) { id } }`,
      {},
      t,
    ),
  );
  ids.eng = eng.createDepartment.id;
  ids.sales = sales.createDepartment.id;
  const hire = async (firstName: string, departmentId: string, managerId?: string) =>
    expectOk(
      await q<{ createEmployee: { id: string } }>(
        `mutation ($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }`,
        {
          input: {
            firstName,
            lastName: 'Test',
            workEmail: `${firstName.toLowerCase()}@acme.test`,
            hireDate: '2024-01-15',
            departmentId,
            managerId,
          },
        },
        t,
      ),
    ).createEmployee.id;
  ids.lead = await hire('Lena', ids.eng);
  ids.dev = await hire('Dev', ids.eng, ids.lead);
  ids.rep = await hire('Rita', ids.sales);

  // Work learns about departments and employees from people's events: wait until it has.
  const project = await eventually(async () => {
    const r = await q<{ createProject: { id: string } }>(
      `mutation ($d: ID!) { createProject(input: { name: "Apollo", code: "APO-1", departmentId: $d }) { id } }`,
      { d: ids.eng },
      t,
    );
    return r.data?.createProject;
  });
  ids.project = project.id;

  await eventually(async () => {
    const r = await q<{ setCompensation: { id: string } }>(
      `mutation ($e: ID!) { setCompensation(input: { employeeId: $e, baseSalary: "104000.00", currency: "USD", payFrequency: ANNUAL, effectiveFrom: "2024-01-01" }) { id } }`,
      { e: ids.dev },
      t,
    );
    return r.data?.setCompensation;
  });
  await eventually(async () => {
    const r = await q<{ setProjectBillingRate: unknown }>(
      `mutation ($p: ID!) { setProjectBillingRate(input: { projectId: $p, hourlyRate: "120.00", currency: "USD" }) { __typename } }`,
      { p: ids.project },
      t,
    );
    return r.data?.setProjectBillingRate;
  });
  await eventually(async () => {
    const r = await q<{ logTime: { id: string } }>(
      `mutation ($e: ID!, $p: ID!) { logTime(input: { employeeId: $e, projectId: $p, date: "2025-03-03", hours: "7.50" }) { id } }`,
      { e: ids.dev, p: ids.project },
      t,
    );
    return r.data?.logTime;
  });
  await eventually(async () => {
    const r = await q<{ createJobPosting: { id: string } }>(
      `mutation ($d: ID!) { createJobPosting(input: { title: "Staff Engineer", departmentId: $d }) { id } }`,
      { d: ids.eng },
      t,
    );
    return r.data?.createJobPosting;
  });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('one query across four subgraphs', () => {
  it('reads departments with employees, their compensation and hours, and openings', async () => {
    const res = await platform.query<{
      departments: {
        name: string;
        employees: {
          totalCount: number;
          edges: {
            node: {
              firstName: string;
              hoursLogged: string | null;
              compensation: { baseSalary: { amount: string; currency: string } } | null;
            };
          }[];
        };
        openings: { title: string }[];
      }[];
    }>(
      /* GraphQL */ `{
        departments {
          name
          employees(first: 10) { totalCount edges { node { firstName hoursLogged compensation { baseSalary { amount currency } } } } }
          openings { title }
        }
      }`,
      {},
      acme.adminToken,
    );
    const data = expectOk(res);
    const eng = data.departments.find((d) => d.name === 'Engineering')!;
    expect(eng.employees.totalCount).toBe(2);
    expect(eng.openings.map((o) => o.title)).toEqual(['Staff Engineer']);
    const dev = eng.employees.edges.find((e) => e.node.firstName === 'Dev')!.node;
    expect(dev.compensation?.baseSalary).toEqual({ amount: '104000.00', currency: 'USD' });
    expect(dev.hoursLogged).toBe('7.50');
  });

  it('prices the logged time in finance and rolls it into company analytics', async () => {
    const financials = await eventually(async () => {
      const r = await platform.query<{
        project: {
          financials: {
            revenue: { amount: string };
            cost: { amount: string };
            profit: { amount: string };
            roi: string;
          };
        };
      }>(
        `query ($id: ID!) { project(id: $id) { name financials { revenue { amount } cost { amount } profit { amount } roi } } }`,
        { id: ids.project },
        acme.adminToken,
      );
      const f = r.data?.project?.financials;
      return f && f.revenue.amount !== '0.00' ? f : null;
    });
    // 7.5 h x 120.00 = 900.00 revenue; 104000 / 2080 = 50.00/h x 7.5 = 375.00 cost.
    expect(financials).toMatchObject({
      revenue: { amount: '900.00' },
      cost: { amount: '375.00' },
      profit: { amount: '525.00' },
      roi: '1.4000',
    });
    const analytics = await eventually(async () => {
      const r = await platform.query<{
        companyAnalytics: {
          employeeCount: number;
          departmentCount: number;
          projectCount: number;
          totalRevenue: { amount: string };
          productivityIndex: string;
        };
      }>(
        `{ companyAnalytics { employeeCount departmentCount projectCount totalRevenue { amount } totalCost { amount } profit { amount } roi productivityIndex } }`,
        {},
        acme.adminToken,
      );
      const a = r.data?.companyAnalytics;
      return a && a.totalRevenue.amount === '900.00' ? a : null;
    });
    expect(analytics).toMatchObject({
      employeeCount: 3,
      departmentCount: 2,
      projectCount: 1,
      productivityIndex: '120.00',
    });
  });

  it('answers the assistant from the tenant’s own numbers', async () => {
    const conv = expectOk(
      await platform.query<{ startConversation: { id: string } }>(
        `mutation { startConversation(input: {}) { id } }`,
        {},
        acme.adminToken,
      ),
    );
    const res = expectOk(
      await platform.query<{ sendMessage: { replyId: string } }>(
        `mutation ($c: ID!) { sendMessage(conversationId: $c, content: "What is our headcount?") { replyId } }`,
        { c: conv.startConversation.id },
        acme.adminToken,
      ),
    );
    // The reply streams (conversationReply) and is stored when done: read it back.
    const reply = await eventually(async () => {
      const r = await platform.query<{
        conversation: { messages: { edges: { node: { id: string; content: string } }[] } };
      }>(
        `query ($c: ID!) { conversation(id: $c) { messages { edges { node { id content } } } } }`,
        { c: conv.startConversation.id },
        acme.adminToken,
      );
      return r.data?.conversation.messages.edges.find((e) => e.node.id === res.sendMessage.replyId)?.node;
    });
    expect(reply.content).toMatch(/\b3\b/);
  });
});

describe('tenant isolation through the gateway', () => {
  it('shows Globex none of Acme', async () => {
    const res = expectOk(
      await platform.query<{
        departments: unknown[];
        employees: { totalCount: number };
        projects: { totalCount: number };
        jobPostings: { totalCount: number };
      }>(
        `{ departments { id } employees { totalCount } projects { totalCount } jobPostings { totalCount } }`,
        {},
        globex.adminToken,
      ),
    );
    expect(res).toEqual({
      departments: [],
      employees: { totalCount: 0 },
      projects: { totalCount: 0 },
      jobPostings: { totalCount: 0 },
    });
    const one = await platform.query<{ employee: unknown; project: unknown }>(
      `query ($e: ID!, $p: ID!) { employee(id: $e) { id firstName } project(id: $p) { id name } }`,
      { e: ids.dev, p: ids.project },
      globex.adminToken,
    );
    expect(one.data).toEqual({ employee: null, project: null });
    expect(JSON.stringify(one)).not.toContain('Dev');
  });

  it("cannot write against Acme's ids", async () => {
    const emp = await platform.query(
      `mutation ($d: ID!) { createEmployee(input: { firstName: "X", lastName: "Y", workEmail: "x@globex.test", hireDate: "2024-01-01", departmentId: $d }) { id } }`,
      { d: ids.eng },
      globex.adminToken,
    );
    expect(emp.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const time = await platform.query(
      `mutation ($e: ID!, $p: ID!) { logTime(input: { employeeId: $e, projectId: $p, date: "2025-03-04", hours: "1.00" }) { id } }`,
      { e: ids.dev, p: ids.project },
      globex.adminToken,
    );
    expect(time.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const [count] = await rows<{ n: number }>(
      platform.database,
      sql`select count(*)::int as n from work.timesheet_entries`,
      acme.tenantId,
    );
    expect(count?.n).toBe(1);
  });

  it('at the database level: under wg_app with Globex set, no Acme row in any tenant table is visible or insertable', async () => {
    const tables = await rows<{ s: string; t: string; c: string }>(
      platform.database,
      sql`select table_schema as s, table_name as t, column_name as c from information_schema.columns
          where table_schema in (${sql.join(
            DOMAIN_SCHEMAS.map((s) => sql`${s}`),
            sql`, `,
          )})
            and (column_name = 'tenant_id' or (table_schema = 'security' and table_name = 'tenants' and column_name = 'id'))`,
    );
    expect(tables.length).toBeGreaterThan(20);
    let acmeRowsSeenByOwner = 0;
    for (const { s, t, c } of tables) {
      const table = sql`${sql.identifier(s)}.${sql.identifier(t)}`;
      const [owner] = await rows<{ n: number }>(
        platform.database,
        sql`select count(*)::int as n from ${table} where ${sql.identifier(c)} = ${acme.tenantId}`,
      );
      acmeRowsSeenByOwner += owner?.n ?? 0;
      const [asGlobex] = await rows<{ n: number }>(
        platform.database,
        sql`select count(*)::int as n from ${table} where ${sql.identifier(c)} = ${acme.tenantId}`,
        globex.tenantId,
      );
      expect(asGlobex?.n, `${s}.${t}`).toBe(0);
      // Without a tenant at all the policy fails closed.
      const [unset] = await rows<{ n: number }>(
        platform.database,
        sql`select count(*)::int as n from ${table}`,
        '',
      );
      expect(unset?.n, `${s}.${t} without tenant`).toBe(0);
    }
    expect(acmeRowsSeenByOwner).toBeGreaterThan(10);
    const refused = await withTenant(platform.database, { tenantId: globex.tenantId }, (tx) =>
      tx.execute(
        sql`insert into people.departments (id, tenant_id, name) values (gen_random_uuid(), ${acme.tenantId}, 'Smuggled')`,
      ),
    ).then(
      () => null,
      (e: Error & { cause?: Error }) => e,
    );
    // Drizzle wraps the driver error; the cause is PostgreSQL's policy violation.
    expect(String(refused?.cause?.message ?? refused?.message)).toMatch(/row-level security/);
  });
});

describe('authentication', () => {
  const EMPLOYEES = `{ employees { totalCount } }`;

  it('refuses anonymous callers on protected fields', async () => {
    const res = await platform.query(EMPLOYEES);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects forged, unsigned and expired tokens with 401', async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', tid: acme.tenantId, roles: ['admin'] })).toString('base64url')}.`;
    const forged = await new SignJWT({ tid: acme.tenantId, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('not-our-key-not-our-key-not-our-key'));
    const [h, p, s] = acme.employeeToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, roles: ['admin'] })).toString('base64url')}.${s}`;
    for (const token of [unsigned, forged, tampered, 'garbage']) {
      const res = await platform.query(EMPLOYEES, {}, token);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps subgraphs unusable without the gateway', async () => {
    const people = platform.subgraphs.find((s) => s.name === 'people')!;
    const bare = await callSubgraphDirect(people.url, EMPLOYEES);
    expect(bare.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const userJwtAsInternal = await callSubgraphDirect(people.url, EMPLOYEES, undefined, acme.adminToken);
    expect(userJwtAsInternal.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const res = await fetch(people.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tenant-id': acme.tenantId,
        authorization: `Bearer ${acme.adminToken}`,
      },
      body: JSON.stringify({ query: EMPLOYEES }),
    });
    expect(
      ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('UNAUTHENTICATED');
  });

  it('enforces permissions in the subgraphs (viewer cannot hire)', async () => {
    const res = await platform.query(
      `mutation ($d: ID!) { createEmployee(input: { firstName: "V", lastName: "W", workEmail: "v@acme.test", hireDate: "2024-01-01", departmentId: $d }) { id } }`,
      { d: ids.eng },
      acme.viewerToken,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('gateway surface', () => {
  it('serves health, JWKS and GraphiQL', async () => {
    const base = platform.gateway.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as {
      keys: { kty: string; kid: string }[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP' });
    const page = await fetch(platform.gateway.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('graphiql');
  });

  it('masks unexpected errors: no stack, no SQL', async () => {
    const res = await platform.query(
      `{ employees(first: 5, after: "bm90LWEtY3Vyc29y") { totalCount } }`,
      {},
      acme.adminToken,
    );
    const text = JSON.stringify(res);
    expect(text).not.toMatch(/select |stacktrace|at .*\.ts:/i);
  });
});
