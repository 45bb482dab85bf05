/**
 * The demo company: two tenants, Acme (about 200 people in 8 departments, 30 projects, 12 months of
 * timesheets) and Globex (smaller). Deterministic: faker is seeded, dates are relative to a fixed
 * anchor month. Everything goes through the subgraphs' own services, so the demo data passes the
 * same validation, writes the same audit rows and emits the same events as real use.
 */
// The English locale only: the package root loads every locale (~0.6 s at start-up); same output.
import { faker } from '@faker-js/faker/locale/en';
import { type Database, schema, withTenant } from '@wg/db';
import { compensationService, projectRateService, settingsService } from '@wg/finance';
import { departmentService, importEmployees } from '@wg/people';
import { jobPostingService } from '@wg/recruiting';
import {
  type Bus,
  createContext,
  type Identity,
  isProduction,
  permissionsForRoles,
  rootLogger,
  type SubgraphModule,
} from '@wg/runtime';
import { tenantService, userService } from '@wg/security';
import { projectService, timesheetService } from '@wg/work';
import { sql } from 'drizzle-orm';
import { subgraphs } from '../subgraphs';
import { seedRecruiting } from './recruiting';
import { seedShifts } from './shifts';
import { seedTimeOff } from './time-off';
import { waitForQuiescence } from './settle';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_LOGINS = [
  { email: 'admin@acme.test', description: 'Acme admin (everything in Acme)' },
  { email: 'employee@acme.test', description: 'Acme employee (own records, directory)' },
  {
    email: 'recruiter@acme.test',
    description: 'Acme recruiter (hiring pipeline; after the background seed)',
  },
  { email: 'admin@globex.test', description: 'Globex admin' },
  { email: 'employee@globex.test', description: 'Globex employee' },
];

interface TenantSpec {
  slug: string;
  name: string;
  currency: string;
  departments: string[];
  employees: number;
  projects: number;
  postings: number;
}

const ACME: TenantSpec = {
  slug: 'acme',
  name: 'Acme Corporation',
  currency: 'USD',
  departments: ['Executive', 'Engineering', 'Product', 'Design', 'Sales', 'Marketing', 'Finance', 'People'],
  employees: 200,
  projects: 30,
  postings: 6,
};

const GLOBEX: TenantSpec = {
  slug: 'globex',
  name: 'Globex Ltd',
  currency: 'EUR',
  departments: ['Executive', 'Engineering', 'Sales', 'Operations'],
  employees: 40,
  projects: 6,
  postings: 2,
};

/** Departments whose people bill their time to projects. */
const BILLABLE = new Set(['Engineering', 'Product', 'Design', 'Operations', 'Sales']);

export async function isEmpty(database: Database): Promise<boolean> {
  const result = (await database.system.execute(
    sql`select count(*)::int as n from security.tenants`,
  )) as unknown as { n: number }[] | { rows: { n: number }[] };
  const rows = Array.isArray(result) ? result : result.rows;
  return Number(rows[0]?.n ?? 0) === 0;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Dates are relative to the first day of the current month, so the demo always shows the last
 * twelve months of work (analytics and trailing-12-month ROI stay meaningful). Everything drawn at
 * random is seeded, so two seeds in the same month produce the same data.
 */
function monthsAgo(months: number): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
}

/** What the first seed phase leaves for the second: a tenant with its people and logins. */
export interface SeededTenant {
  spec: TenantSpec;
  tenantId: string;
  departments: { id: string; name: string }[];
  staff: { id: string; departmentName: string; title: Planned['title']; hireDate: string }[];
}

/**
 * Lets queued I/O (HTTP requests) run. PGlite answers in-process through promises alone, so a loop
 * of service calls would otherwise keep the event loop in microtasks and starve every request made
 * while the background seed runs.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
const TIMESHEET_SLICE = 2500;

/** One progress line per seeding stage (the terminal shows it; `pnpm start` logs it). */
function stage(tenant: string, name: string, startedAt: number, detail: Record<string, unknown> = {}) {
  rootLogger.info(
    { tenant, stage: name, ms: Date.now() - startedAt, ...detail },
    `seeded ${tenant}: ${name}`,
  );
}

function refuseInProduction() {
  if (isProduction()) {
    throw new Error('Refusing to seed demo logins with the development password when NODE_ENV=production');
  }
}

/**
 * The whole demo, both phases in order (`pnpm seed`). `pnpm start` runs the first phase before the
 * gateway opens and the second in the background.
 */
export async function seedDemo(database: Database, _bus?: Bus): Promise<void> {
  const started = Date.now();
  const tenants = await seedDemoLogins(database);
  await seedDemoActivity(database, tenants);
  rootLogger.info({ ms: Date.now() - started }, 'demo data seeded');
}

/**
 * Phase 1, a few seconds: both tenants, their departments, people and the demo logins — enough to
 * log in and browse the directory. Faker is seeded per phase and tenant, so the data stays the same
 * whichever way the phases are run.
 */
export async function seedDemoLogins(database: Database): Promise<SeededTenant[]> {
  refuseInProduction();
  const tenants: SeededTenant[] = [];
  for (const [i, spec] of [ACME, GLOBEX].entries()) {
    faker.seed(20261122 + i);
    tenants.push(await seedPeople(database, spec));
  }
  return tenants;
}

/**
 * Phase 2: projects, compensation and rates, job postings, twelve months of timesheets and the
 * projections they feed (finance's labour costs, insights' analytics). Queries made meanwhile are
 * answered from whatever has landed so far.
 */
export async function seedDemoActivity(database: Database, tenants: SeededTenant[]): Promise<void> {
  refuseInProduction();
  for (const [i, tenant] of tenants.entries()) {
    faker.seed(20261122 + 100 + i);
    await seedActivity(database, tenant);
  }
}

function contextFor(database: Database, tenantId: string, name: string) {
  const module = subgraphs.find((s) => s.name === name) as SubgraphModule<unknown>;
  const identity: Identity = {
    kind: 'user',
    tenantId,
    userId: null,
    employeeId: null,
    roles: ['admin'],
    permissions: permissionsForRoles(['admin']),
  };
  return createContext({
    identity,
    requestId: `seed-${name}`,
    log: rootLogger.child({ seed: name }),
    database,
    createLoaders: module.createLoaders,
  });
}

const contexts = (database: Database, tenantId: string) => (name: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: each subgraph's context is typed by its own loaders; the seed only passes them through.
  contextFor(database, tenantId, name) as any;

interface Planned {
  email: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  hireDate: string;
  departmentName: string;
  managerEmail: string;
  title: 'CEO' | 'Head' | 'Lead' | 'Member';
}

async function seedPeople(database: Database, spec: TenantSpec): Promise<SeededTenant> {
  const tenant = await tenantService.create(database, { slug: spec.slug, name: spec.name });
  const ctx = contexts(database, tenant.id);
  const people = ctx('people');

  // Departments and a management tree: CEO -> department heads -> team leads -> members, hired
  // in one importEmployees call (the bulk path: set-based inserts, managers referenced by email).
  const peopleStarted = Date.now();
  const departments = [];
  for (const name of spec.departments) departments.push(await departmentService.create(people, { name }));
  const planned: Planned[] = [];
  const plan = (
    departmentName: string,
    manager: Planned | null,
    jobTitle: string,
    yearsAgo: number,
    title: Planned['title'],
  ) => {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    // Everyone was hired before the twelve months of timesheets begin.
    const hireDate = iso(faker.date.past({ years: yearsAgo, refDate: monthsAgo(13) }));
    const p: Planned = {
      email: `${firstName}.${lastName}.${faker.string.alphanumeric(4)}@${spec.slug}.test`
        .toLowerCase()
        .replace(/[^a-z0-9.@]/g, ''),
      firstName,
      lastName,
      jobTitle,
      hireDate,
      departmentName,
      managerEmail: manager?.email ?? '',
      title,
    };
    planned.push(p);
    return p;
  };
  const executive = departments[0]!;
  const ceo = plan(executive.name, null, 'Chief Executive Officer', 8, 'CEO');
  const heads = new Map<string, Planned>();
  for (const d of departments.slice(1)) heads.set(d.id, plan(d.name, ceo, `Head of ${d.name}`, 6, 'Head'));
  const perDepartment = Math.floor((spec.employees - planned.length) / (departments.length - 1));
  for (const d of departments.slice(1)) {
    let lead: Planned | null = null;
    for (let i = 0; i < perDepartment; i++) {
      const isLead = i % 8 === 0;
      const manager: Planned = isLead || !lead ? heads.get(d.id)! : lead;
      const e = plan(
        d.name,
        manager,
        isLead ? `${d.name} Team Lead` : faker.person.jobTitle(),
        5,
        isLead ? 'Lead' : 'Member',
      );
      if (isLead) lead = e;
    }
  }
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const csv = [
    'firstName,lastName,workEmail,jobTitle,hireDate,department,managerEmail',
    ...planned.map((p) =>
      [p.firstName, p.lastName, p.email, p.jobTitle, p.hireDate, p.departmentName, p.managerEmail]
        .map(cell)
        .join(','),
    ),
  ].join('\n');
  const report = await importEmployees(people, csv, false);
  if (report.errors.length > 0)
    throw new Error(`demo import failed: ${JSON.stringify(report.errors.slice(0, 5))}`);
  const idByEmail = new Map(
    (
      await withTenant(database, { tenantId: tenant.id }, (tx) =>
        tx
          .select({ id: schema.people.employees.id, email: schema.people.employees.workEmail })
          .from(schema.people.employees),
      )
    ).map((r) => [r.email, r.id] as const),
  );
  const staff = planned.map((p) => ({
    id: idByEmail.get(p.email)!,
    departmentName: p.departmentName,
    title: p.title,
    hireDate: p.hireDate,
  }));
  const ceoId = staff[0]!.id;

  // Logins: the admin is the CEO; the employee login belongs to an ordinary team member.
  const member = staff.find((s) => s.title === 'Member')!;
  await userService.createWithPassword(database, {
    tenantId: tenant.id,
    email: `admin@${spec.slug}.test`,
    displayName: `${spec.name} Admin`,
    password: DEMO_PASSWORD,
    roles: ['admin'],
    employeeId: ceoId,
  });
  await userService.createWithPassword(database, {
    tenantId: tenant.id,
    email: `employee@${spec.slug}.test`,
    displayName: `${spec.name} Employee`,
    password: DEMO_PASSWORD,
    roles: ['employee'],
    employeeId: member.id,
  });
  stage(spec.slug, 'people and logins', peopleStarted, { employees: staff.length });
  return { spec, tenantId: tenant.id, departments, staff };
}

async function seedActivity(database: Database, seeded: SeededTenant): Promise<void> {
  const { spec, departments, staff } = seeded;
  const ctx = contexts(database, seeded.tenantId);
  let started = Date.now();

  // Projects, owned by the billable departments. Work validates department ids against what it
  // has heard from people's events, so let those land first.
  await waitForQuiescence(database);
  const work = ctx('work');
  const billableDepartments = departments.filter((d) => BILLABLE.has(d.name));
  const projects = [];
  for (let i = 0; i < spec.projects; i++) {
    await breathe();
    const d = billableDepartments[i % billableDepartments.length]!;
    projects.push(
      await projectService.create(work, {
        name: `${faker.company.buzzNoun().replace(/^\w/, (c) => c.toUpperCase())} ${faker.commerce.productName()}`.slice(
          0,
          120,
        ),
        code: `${spec.slug.toUpperCase().slice(0, 3)}-${String(i + 1).padStart(3, '0')}`,
        departmentId: d.id,
        startDate: iso(monthsAgo(12)),
      }),
    );
  }

  stage(spec.slug, 'projects', started, { projects: projects.length });

  // Finance can only price time for employees and projects it has heard of: let the events land.
  started = Date.now();
  await waitForQuiescence(database);
  const finance = ctx('finance');
  await settingsService.setCurrency(finance, spec.currency);
  for (const s of staff) {
    await breathe();
    const base =
      s.title === 'CEO'
        ? 250000
        : s.title === 'Head'
          ? 160000
          : s.title === 'Lead'
            ? 120000
            : faker.number.int({ min: 60, max: 110 }) * 1000;
    await compensationService.set(finance, {
      employeeId: s.id,
      baseSalary: `${base}.00`,
      currency: spec.currency,
      payFrequency: 'ANNUAL',
      effectiveFrom: s.hireDate,
    });
  }
  for (const p of projects) {
    await breathe();
    await projectRateService.set(finance, {
      projectId: p.id,
      hourlyRate: `${faker.number.int({ min: 9, max: 22 }) * 10}.00`,
      currency: spec.currency,
    });
  }

  stage(spec.slug, 'compensation and billing rates', started);

  // Open positions.
  started = Date.now();
  const recruiting = ctx('recruiting');
  const postings = [];
  for (let i = 0; i < spec.postings; i++) {
    await breathe();
    const d = departments[1 + (i % (departments.length - 1))]!;
    const posting = await jobPostingService.create(recruiting, {
      title: `${faker.person.jobDescriptor()} ${d.name} ${faker.person.jobType()}`,
      departmentId: d.id,
      location: faker.location.city(),
      openings: faker.number.int({ min: 1, max: 3 }),
      status: 'OPEN',
    });
    postings.push({ id: posting.id, departmentId: d.id, openings: posting.openings, title: posting.title });
  }

  stage(spec.slug, 'job postings', started, { postings: spec.postings });

  // Twelve months of weekday timesheets for billable staff, one or two projects each.
  started = Date.now();
  const lines: { employeeId: string; projectId: string; date: string; hours: string }[] = [];
  const start = monthsAgo(12);
  const end = monthsAgo(0);
  const projectsByDepartment = new Map<string, typeof projects>();
  for (const p of projects) {
    const list = projectsByDepartment.get(p.departmentId!) ?? [];
    list.push(p);
    projectsByDepartment.set(p.departmentId!, list);
  }
  const departmentIdByName = new Map(departments.map((d) => [d.name, d.id]));
  for (const s of staff) {
    if (!BILLABLE.has(s.departmentName) || s.title === 'Head') continue;
    const own = projectsByDepartment.get(departmentIdByName.get(s.departmentName)!) ?? [];
    if (own.length === 0) continue;
    const mine = faker.helpers.arrayElements(own, { min: 1, max: Math.min(2, own.length) });
    for (let d = new Date(start); d < end; d.setUTCDate(d.getUTCDate() + 1)) {
      const dow = d.getUTCDay();
      if (dow === 0 || dow === 6) continue;
      if (faker.number.int({ min: 0, max: 19 }) === 0) continue; // a day off now and then
      const project = mine.length === 1 ? mine[0]! : faker.helpers.arrayElement(mine);
      lines.push({
        employeeId: s.id,
        projectId: project.id,
        date: iso(d),
        hours: faker.helpers.arrayElement(['6.00', '7.00', '7.50', '8.00', '8.00', '8.50']),
      });
    }
  }
  // In slices, so requests made meanwhile get their turn on the (single, in-process) database.
  for (let i = 0; i < lines.length; i += TIMESHEET_SLICE) {
    await breathe();
    await timesheetService.importTimesheets(work, lines.slice(i, i + TIMESHEET_SLICE));
  }
  stage(spec.slug, 'timesheets', started, { lines: lines.length });

  // Acme's hiring pipeline, after the timesheets so their random draws stay as they were. Its own
  // seed: the pipeline is the same whatever came before it.
  if (spec.slug === ACME.slug) {
    started = Date.now();
    faker.seed(20261122 + 300);
    const departmentName = new Map(departments.map((d) => [d.name, d.id]));
    const interviewers = new Map<string, string[]>();
    for (const s of staff) {
      if (s.title !== 'Lead' && s.title !== 'Head') continue;
      const id = departmentName.get(s.departmentName)!;
      interviewers.set(id, [...(interviewers.get(id) ?? []), s.id]);
    }
    const counts = await seedRecruiting(database, faker, {
      tenantId: seeded.tenantId,
      slug: spec.slug,
      currency: spec.currency,
      postings,
      interviewers,
      recruiterEmployeeId: staff.find((s) => s.departmentName === 'People' && s.title === 'Member')!.id,
      recruiterName: `${spec.name} Recruiter`,
      password: DEMO_PASSWORD,
      breathe,
    });
    stage(spec.slug, 'recruiting pipeline', started, counts);
  }
  // Acme's time off: leave types, a holiday calendar, policies, balances and pending requests.
  if (spec.slug === ACME.slug) {
    started = Date.now();
    const counts = await seedTimeOff(work, staff);
    stage(spec.slug, 'time off', started, counts);

    // Next week's rota for the sales floor (after time off: a shift on approved leave stays open).
    started = Date.now();
    const sales = departments.find((d) => d.name === 'Sales')!;
    const rota = await seedShifts(work, {
      departmentId: sales.id,
      departmentName: sales.name,
      memberIds: staff.filter((s) => s.departmentName === 'Sales' && s.title === 'Member').map((s) => s.id),
      timeZone: 'America/New_York',
    });
    stage(spec.slug, 'shifts', started, rota);
  }
  // Finance prices the time and insights projects it, both from events.
  started = Date.now();
  await waitForQuiescence(database);
  stage(spec.slug, 'labour costs and analytics', started);
}
