import { randomBytes } from 'node:crypto';
import { type Database, DOMAIN_SCHEMAS, withTenant } from '@wg/db';
import { createTestDatabase } from '@wg/runtime/testing';
import { tenantService } from '@wg/security';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The generic row-level-security walk. From the live catalog it finds EVERY table with a
 * `tenant_id` column in every domain schema — tables added later are covered without touching
 * this file — seeds a row for tenant A in each (generic inserts derived from the catalog: types,
 * enums, CHECK lists, foreign keys), and then proves, as the application role `wg_app` with tenant
 * B set, that each table shows zero foreign rows and refuses a row for tenant A. Runs on PGlite and
 * on PostgreSQL (DATABASE_URL). Tables it cannot seed are named in the failure, never skipped.
 */
let database: Database & { drop(): Promise<void> };
let tenantA: string;
let tenantB: string;

type Row = Record<string, unknown>;

async function rows<T = Row>(exec: { execute: (q: SQL) => Promise<unknown> }, q: SQL): Promise<T[]> {
  const r = (await exec.execute(q)) as T[] | { rows: T[] };
  return Array.isArray(r) ? r : r.rows;
}

interface Column {
  name: string;
  type: string;
  typname: string;
  typtype: string;
  category: string;
  notnull: boolean;
  hasdef: boolean;
  generated: string;
  identity: string;
  typoid: number;
}

interface ForeignKey {
  table: string;
  ref: string;
  cols: string[];
  refcols: string[];
}

interface Table {
  schema: string;
  name: string;
  /** `"schema"."name"` */
  qualified: string;
  columns: Column[];
}

/** Quotes like PostgreSQL's quote_ident, so names compare equal to the catalog's. */
const q = (ident: string) => (/^[a-z_][a-z0-9_]*$/.test(ident) ? ident : `"${ident.replaceAll('"', '""')}"`);

async function catalog(db: Database) {
  const schemas = sql.join(
    DOMAIN_SCHEMAS.map((s) => sql`${s}`),
    sql`, `,
  );
  const tableRows = await rows<{ schema: string; name: string }>(
    db.system,
    sql`select c.table_schema as schema, c.table_name as name
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' and c.table_schema in (${schemas})
        order by 1, 2`,
  );
  const tables: Table[] = [];
  for (const t of tableRows) {
    const qualified = `${q(t.schema)}.${q(t.name)}`;
    const columns = await rows<Column>(
      db.system,
      sql`select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, ty.typname as typname,
                 ty.typtype as typtype, ty.typcategory as category, a.attnotnull as notnull, a.atthasdef as hasdef,
                 a.attgenerated::text as generated, a.attidentity::text as identity, ty.oid::int as typoid
          from pg_attribute a join pg_type ty on ty.oid = a.atttypid
          where a.attrelid = ${qualified}::regclass and a.attnum > 0 and not a.attisdropped
          order by a.attnum`,
    );
    tables.push({ ...t, qualified, columns });
  }
  const fks = (
    await rows<{ tbl: string; ref: string; cols: string; refcols: string }>(
      db.system,
      sql`select quote_ident(ns.nspname) || '.' || quote_ident(cl.relname) as tbl,
                 quote_ident(rns.nspname) || '.' || quote_ident(rcl.relname) as ref,
                 array_to_string(array(select a.attname from unnest(con.conkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i), ',') as cols,
                 array_to_string(array(select a.attname from unnest(con.confkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i), ',') as refcols
          from pg_constraint con
          join pg_class cl on cl.oid = con.conrelid join pg_namespace ns on ns.oid = cl.relnamespace
          join pg_class rcl on rcl.oid = con.confrelid join pg_namespace rns on rns.oid = rcl.relnamespace
          where con.contype = 'f' and ns.nspname in (${schemas})`,
    )
  ).map(
    (f): ForeignKey => ({ table: f.tbl, ref: f.ref, cols: f.cols.split(','), refcols: f.refcols.split(',') }),
  );
  const checks = await rows<{ tbl: string; def: string }>(
    db.system,
    sql`select quote_ident(ns.nspname) || '.' || quote_ident(cl.relname) as tbl, pg_get_constraintdef(con.oid) as def
        from pg_constraint con join pg_class cl on cl.oid = con.conrelid join pg_namespace ns on ns.oid = cl.relnamespace
        where con.contype = 'c' and ns.nspname in (${schemas})`,
  );
  return { tables, fks, checks };
}

/** Allowed values named by CHECK constraints: `col = ANY (ARRAY['a', …])` and `col = 'a'`. */
function checkValues(defs: string[]): Map<string, string> {
  const values = new Map<string, string>();
  const patterns = [
    /\(*"?([a-z_][a-z0-9_]*)"?\)*(?:::[a-z ]+)?\s*=\s*ANY\s*\(+ARRAY\['((?:[^']|'')*)'/g,
    /\(*"?([a-z_][a-z0-9_]*)"?\)*(?:::[a-z ]+)?\s*=\s*'((?:[^']|'')*)'/g,
  ];
  for (const def of defs) {
    for (const re of patterns) {
      for (const m of def.matchAll(re)) {
        if (m[1] && m[2] !== undefined && !values.has(m[1])) values.set(m[1], m[2].replaceAll("''", "'"));
      }
    }
  }
  return values;
}

const rand = () => randomBytes(4).toString('hex');

/** A plausible value for a NOT NULL column without a default, as SQL. */
async function valueFor(db: Database, column: Column, fromChecks: Map<string, string>): Promise<SQL | null> {
  const cast = sql.raw(column.type);
  const checked = fromChecks.get(column.name);
  if (checked !== undefined) return sql`${checked}::${cast}`;
  if (column.typtype === 'e') {
    const [label] = await rows<{ label: string }>(
      db.system,
      sql`select enumlabel as label from pg_enum where enumtypid = ${column.typoid} order by enumsortorder limit 1`,
    );
    return label ? sql`${label.label}::${cast}` : null;
  }
  if (column.category === 'A') {
    // One element (CHECKs often demand a non-empty array): an enum's first label, else a string.
    const [elem] = await rows<{ typtype: string; oid: number }>(
      db.system,
      sql`select e.typtype as typtype, e.oid::int as oid from pg_type t join pg_type e on e.oid = t.typelem where t.oid = ${column.typoid}`,
    );
    if (elem?.typtype === 'e') {
      const [label] = await rows<{ label: string }>(
        db.system,
        sql`select enumlabel as label from pg_enum where enumtypid = ${elem.oid} order by enumsortorder limit 1`,
      );
      if (label) return sql`array[${label.label}]::${cast}`;
    }
    return /text|character/.test(column.type) ? sql`array['rls']::${cast}` : sql`'{}'::${cast}`;
  }
  const name = column.name;
  switch (column.typname) {
    case 'uuid':
      return sql`gen_random_uuid()`;
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'citext': {
      let v = `rls-${name}-${rand()}`;
      if (/currency/.test(name)) v = 'EUR';
      else if (/country/.test(name)) v = 'DE';
      else if (/email/.test(name)) v = `rls-${rand()}@example.test`;
      else if (/time_?zone/.test(name)) v = 'UTC';
      else if (/locale|language/.test(name)) v = 'en';
      else if (/url|uri/.test(name)) v = `https://example.test/${rand()}`;
      const max = /\((\d+)\)/.exec(column.type)?.[1];
      if (max) v = v.slice(0, Number(max));
      return sql`${v}::${cast}`;
    }
    case 'int2':
    case 'int4':
    case 'int8':
    case 'numeric':
    case 'float4':
    case 'float8':
      // An end after its start (CHECK start < end), e.g. working hours' end_minute.
      return /(^|_)end(_|$)/.test(name) ? sql`2::${cast}` : sql`1::${cast}`;
    case 'bool':
      return sql`false`;
    case 'date':
      return sql`current_date`;
    case 'timestamptz':
    case 'timestamp':
      // Time ranges (CHECK ends_at > starts_at): the end an hour after the start.
      return /(^|_)ends?(_|$)/.test(name) ? sql`(now() + interval '1 hour')::${cast}` : sql`now()::${cast}`;
    case 'time':
    case 'timetz':
      return sql`'09:00'::${cast}`;
    case 'interval':
      return sql`'1 day'::interval`;
    case 'json':
    case 'jsonb':
      return sql`'{}'::${cast}`;
    case 'bytea':
      return sql`'\\x00'::bytea`;
    case 'inet':
    case 'cidr':
      return sql`'127.0.0.1'::${cast}`;
    case 'tsvector':
      return sql`''::tsvector`;
    case 'daterange':
      return sql`'[2024-01-01,2024-12-31)'::daterange`;
    case 'tstzrange':
      return sql`'[2024-01-01,2024-12-31)'::tstzrange`;
    default:
      return null;
  }
}

interface SeedResult {
  seeded: Set<string>;
  failures: Map<string, string>;
}

/**
 * Inserts one tenant-A row per table, as the owner, in passes: a table whose foreign keys point at
 * rows not seeded yet waits for the next pass.
 */
async function seed(
  db: Database,
  cat: Awaited<ReturnType<typeof catalog>>,
  tenant: string,
): Promise<SeedResult> {
  const seeded = new Set<string>();
  const failures = new Map<string, string>();
  const countFor = async (t: Table) =>
    (
      await rows<{ n: number }>(
        db.system,
        sql`select count(*)::int as n from ${sql.raw(t.qualified)} where tenant_id = ${tenant}`,
      )
    )[0]?.n ?? 0;
  for (const t of cat.tables) if ((await countFor(t)) > 0) seeded.add(t.qualified);

  for (let pass = 0; pass < 8; pass++) {
    let progress = false;
    for (const t of cat.tables) {
      if (seeded.has(t.qualified)) continue;
      const values = new Map<string, SQL>([['tenant_id', sql`${tenant}::uuid`]]);
      let waiting: string | null = null;
      for (const fk of cat.fks.filter((f) => f.table === t.qualified)) {
        const local = fk.cols.map((c) => t.columns.find((col) => col.name === c));
        if (fk.cols.every((c) => c === 'tenant_id')) continue;
        const required = local.some((c) => c?.notnull && c.name !== 'tenant_id');
        // Optional references stay null: a CHECK may allow them only in some states
        // (an application's reject reason only when REJECTED).
        if (!required) continue;
        // The referenced row: tenant A's own when the parent is tenant-owned.
        const refTable = cat.tables.find((x) => x.qualified === fk.ref);
        const isTenantsTable = fk.ref.endsWith('.tenants') || fk.ref.endsWith('."tenants"');
        const cols = fk.refcols.map((c) => sql.raw(q(c)));
        let ref: Row | undefined;
        if (isTenantsTable && fk.refcols.length === 1) ref = { [fk.refcols[0] as string]: tenant };
        else if (refTable)
          [ref] = await rows(
            db.system,
            sql`select ${sql.join(cols, sql`, `)} from ${sql.raw(fk.ref)} where tenant_id = ${tenant} limit 1`,
          );
        else
          [ref] = await rows(
            db.system,
            sql`select ${sql.join(cols, sql`, `)} from ${sql.raw(fk.ref)} limit 1`,
          );
        if (!ref) {
          if (required) waiting = `needs a row in ${fk.ref}`;
          continue;
        }
        fk.cols.forEach((c, i) => {
          const refCol = fk.refcols[i] as string;
          const column = t.columns.find((col) => col.name === c);
          if (c !== 'tenant_id' && column)
            values.set(c, sql`${String(ref?.[refCol])}::${sql.raw(column.type)}`);
        });
      }
      if (waiting) {
        failures.set(t.qualified, waiting);
        continue;
      }
      const fromChecks = checkValues(cat.checks.filter((c) => c.tbl === t.qualified).map((c) => c.def));
      let unsupported: string | null = null;
      for (const c of t.columns) {
        if (values.has(c.name) || c.generated !== '' || c.identity !== '') continue;
        if (!c.notnull || c.hasdef) {
          // Optional columns named by a CHECK list get a legal value too (CHECKs can tie columns together).
          continue;
        }
        const v = await valueFor(db, c, fromChecks);
        if (!v) {
          unsupported = `no generic value for ${c.name} ${c.type}`;
          break;
        }
        values.set(c.name, v);
      }
      if (unsupported) {
        failures.set(t.qualified, unsupported);
        continue;
      }
      const names = [...values.keys()].map((n) => sql.raw(q(n)));
      try {
        await db.system.execute(
          sql`insert into ${sql.raw(t.qualified)} (${sql.join(names, sql`, `)}) values (${sql.join([...values.values()], sql`, `)})`,
        );
        seeded.add(t.qualified);
        failures.delete(t.qualified);
        progress = true;
      } catch (error) {
        const e = error as Error & { cause?: Error };
        failures.set(t.qualified, (e.cause?.message ?? e.message).split('\n')[0] ?? 'insert failed');
      }
    }
    if (!progress) break;
  }
  return { seeded, failures };
}

let cat: Awaited<ReturnType<typeof catalog>>;
let result: SeedResult;

beforeAll(async () => {
  database = await createTestDatabase();
  tenantA = (await tenantService.create(database, { slug: `rls-a-${rand()}`, name: 'Tenant A' })).id;
  tenantB = (await tenantService.create(database, { slug: `rls-b-${rand()}`, name: 'Tenant B' })).id;
  cat = await catalog(database);
  result = await seed(database, cat, tenantA);
});

afterAll(async () => database?.drop());

/** Runs `fn` as wg_app with `tenant` set; returns its result or the database's refusal. */
async function asTenant<T>(
  tenant: string,
  fn: (tx: { execute: (q: SQL) => Promise<unknown> }) => Promise<T>,
) {
  return withTenant(database, { tenantId: tenant }, (tx) => fn(tx)).then(
    (value) => ({ ok: true as const, value }),
    (error: Error & { cause?: Error }) => ({
      ok: false as const,
      message: error.cause?.message ?? error.message,
    }),
  );
}

describe('row-level security on every tenant table (generic walk)', () => {
  it('finds the tenant tables of every domain schema in the live catalog', () => {
    const schemas = new Set(cat.tables.map((t) => t.schema));
    for (const s of DOMAIN_SCHEMAS) expect(schemas, `schema ${s}`).toContain(s);
    expect(cat.tables.length).toBeGreaterThan(20);
  });

  it('seeds a tenant-A row in every tenant table (tables it cannot seed are listed)', () => {
    const report = [...result.failures].map(([t, why]) => `${t}: ${why}`);
    expect(report, `could not seed:\n${report.join('\n')}`).toEqual([]);
    expect(result.seeded.size).toBe(cat.tables.length);
  });

  it('as wg_app with tenant A set, each table shows its own rows (the positive control)', async () => {
    const blind: string[] = [];
    for (const t of cat.tables) {
      if (!result.seeded.has(t.qualified)) continue;
      const r = await asTenant(tenantA, async (tx) =>
        rows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(t.qualified)}`),
      );
      if (!r.ok || (r.value[0]?.n ?? 0) < 1) blind.push(`${t.qualified}: ${r.ok ? 'no rows' : r.message}`);
    }
    expect(blind).toEqual([]);
  });

  it('as wg_app with tenant B set, no table returns a single foreign row', async () => {
    const leaks: string[] = [];
    for (const t of cat.tables) {
      const r = await asTenant(tenantB, async (tx) =>
        rows<{ foreign: number; a: number }>(
          tx,
          sql`select count(*) filter (where tenant_id is distinct from ${tenantB}::uuid)::int as foreign,
                     count(*) filter (where tenant_id = ${tenantA}::uuid)::int as a
              from ${sql.raw(t.qualified)}`,
        ),
      );
      if (!r.ok) leaks.push(`${t.qualified}: select failed (${r.message})`);
      else if ((r.value[0]?.foreign ?? 0) > 0)
        leaks.push(`${t.qualified}: ${r.value[0]?.foreign} foreign rows`);
    }
    expect(leaks).toEqual([]);
  });

  it('without any tenant set, every table fails closed', async () => {
    const leaks: string[] = [];
    for (const t of cat.tables) {
      const r = await asTenant('', async (tx) =>
        rows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(t.qualified)}`),
      );
      if (r.ok && (r.value[0]?.n ?? 0) > 0) leaks.push(`${t.qualified}: ${r.value[0]?.n} rows`);
    }
    expect(leaks).toEqual([]);
  });

  it("as wg_app with tenant B set, no table accepts a row for tenant A (a copy of A's real row)", async () => {
    const accepted: string[] = [];
    const reasons = new Map<string, number>();
    for (const t of cat.tables) {
      const insertable = t.columns.filter((c) => c.generated === '' && c.identity !== 'a').map((c) => c.name);
      const cols = sql.join(
        insertable.map((c) => sql.raw(q(c))),
        sql`, `,
      );
      // The real row, read as the owner; a table that could not be seeded gets a bare tenant_id row
      // (row-level security's WITH CHECK runs before NOT NULL and CHECK constraints).
      const [row] = await rows<{ j: unknown }>(
        database.system,
        sql`select row_to_json(x) as j from ${sql.raw(t.qualified)} x where tenant_id = ${tenantA} limit 1`,
      );
      const json = JSON.stringify(row?.j ?? { tenant_id: tenantA });
      const r = await asTenant(tenantB, (tx) =>
        tx.execute(
          sql`insert into ${sql.raw(t.qualified)} (${cols})
              select ${cols} from json_populate_record(null::${sql.raw(t.qualified)}, ${json}::json)`,
        ),
      );
      if (r.ok) {
        accepted.push(t.qualified);
        continue;
      }
      const reason = /row-level security/.test(r.message)
        ? 'row-level security'
        : /permission denied/.test(r.message)
          ? 'no insert privilege'
          : `other: ${r.message}`;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    expect(accepted).toEqual([]);
    // Every refusal is the database's tenant policy (or a missing grant), not an accident such as a
    // unique-key clash that a different row would get past.
    expect([...reasons.keys()].filter((r) => r.startsWith('other'))).toEqual([]);
    expect(reasons.get('row-level security')).toBeGreaterThan(0);
  });

  it('as wg_app with tenant B set, no update can move a row into tenant A or touch its rows', async () => {
    const moved: string[] = [];
    for (const t of cat.tables) {
      const r = await asTenant(tenantB, async (tx) =>
        rows<{ n: number }>(
          tx,
          sql`with u as (update ${sql.raw(t.qualified)} set tenant_id = tenant_id where tenant_id = ${tenantA}::uuid returning 1)
              select count(*)::int as n from u`,
        ),
      );
      if (r.ok && (r.value[0]?.n ?? 0) > 0) moved.push(t.qualified);
    }
    expect(moved).toEqual([]);
  });
});
