import { employees } from '@wg/db/people';
import {
  badInput,
  type Connection,
  encodeCursor,
  type FieldError,
  isUuid,
  PageInfo,
  pageWindow,
} from '@wg/runtime';
import { and, asc, count, desc, eq, getTableColumns, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { PeopleContext } from '../loaders';
import { jsonIds } from '../org-chart/sql';
import { readAccess } from './employee.access';
import type { EmployeeFilter, EmployeeOrderBy } from './employee.input';
import type { Employee } from './employee.type';

/** Every column but the generated search ones (a tsvector per row is dead weight in responses). */
const {
  searchName: _searchName,
  searchVector: _searchVector,
  searchAnagram: _searchAnagram,
  ...employeeColumns
} = getTableColumns(employees);

export { employeeColumns };

/**
 * Minimum trigram similarity for a fuzzy hit (pg_trgm's default). Transposition typos that plain
 * trigrams miss ("Jhon Smtih" vs "john smith" is 0.16) match exactly on the anagram key; a lower
 * threshold would turn most of a large tenant into candidates (measured in scripts/bench/people.ts).
 */
export const TRIGRAM_THRESHOLD = 0.3;

/** Ids in `rootId`'s reporting line, the root included (recursive CTE with a cycle guard). */
function reportingLine(rootId: string): SQL {
  return sql`(with recursive line(id, path) as (
      select id, array[id] from people.employees where id = ${rootId}
      union all
      select e.id, line.path || e.id from people.employees e join line on e.manager_id = line.id
      where e.id <> all(line.path)
    ) select id from line)`;
}

/** A department and, optionally, every department below it. */
function departmentTree(rootId: string): SQL {
  return sql`(with recursive tree(id, path) as (
      select id, array[id] from people.departments where id = ${rootId}
      union all
      select d.id, tree.path || d.id from people.departments d join tree on d.parent_id = tree.id
      where d.id <> all(tree.path)
    ) select id from tree)`;
}

/** Prefix terms for `to_tsquery`: only letters and digits survive, so the syntax cannot break. */
export function prefixQuery(search: string): string | null {
  const terms = search
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return terms.length ? terms.map((t) => `${t}:*`).join(' & ') : null;
}

interface Args {
  first?: number | null;
  after?: string | null;
  filter?: EmployeeFilter | null;
  orderBy?: EmployeeOrderBy | null;
}

/**
 * `employees(first, after, filter, orderBy)`.
 *
 * Text search = full-text (GIN on the generated `search_vector`, prefix terms, all must match) OR
 * trigram similarity on the generated `search_name` OR on its anagram key (both GIN gin_trgm_ops,
 * `%` operator), ranked by both similarities + ts_rank. Both predicates are index-backed; there is no `ILIKE '%…%'`.
 *
 * Callers who only hold directory access (employees) see every row, but filtering or ordering by a
 * non-directory attribute (status, type, location, hire date) narrows the rows to their own
 * `employee:read` scope, so a filter cannot reveal what the fields would hide.
 */
export async function searchEmployees(ctx: PeopleContext, args: Args): Promise<Connection<Employee>> {
  const access = readAccess(ctx);
  const { limit, after } = pageWindow(args);
  const f = args.filter ?? {};
  const errors: FieldError[] = [];
  const search = f.search?.trim().replace(/\s+/g, ' ').slice(0, 200).toLowerCase() || null;
  const orderBy: EmployeeOrderBy = args.orderBy ?? (search ? 'RELEVANCE' : 'NAME');
  if (orderBy === 'RELEVANCE' && !search) {
    errors.push({ field: 'orderBy', message: 'RELEVANCE ordering needs filter.search' });
  }
  for (const k of ['departmentId', 'managerId'] as const) {
    if (f[k] && !isUuid(f[k])) errors.push({ field: `filter.${k}`, message: 'Must be a valid id' });
  }
  if (f.skillIds?.some((s) => !isUuid(s)))
    errors.push({ field: 'filter.skillIds', message: 'Must be valid ids' });
  const minProficiency = f.minSkillProficiency ?? 1;
  if (!Number.isInteger(minProficiency) || minProficiency < 1 || minProficiency > 5) {
    errors.push({ field: 'filter.minSkillProficiency', message: 'Must be between 1 and 5' });
  }
  if (f.hiredFrom && f.hiredTo && f.hiredFrom > f.hiredTo) {
    errors.push({ field: 'filter.hiredTo', message: 'Must not be before hiredFrom' });
  }
  let cursor: unknown[] | null = null;
  if (after) {
    try {
      cursor = JSON.parse(after) as unknown[];
      if (!Array.isArray(cursor) || cursor[0] !== orderBy) throw new Error('other order');
    } catch {
      errors.push({ field: 'after', message: 'Cursor does not belong to this ordering' });
    }
  }
  if (errors.length > 0) throw badInput(errors);

  const usesPrivate =
    !!(f.status || f.employmentType || f.workLocation || f.hiredFrom || f.hiredTo) || orderBy === 'HIRE_DATE';
  let scope: SQL | undefined;
  if (!access.directory || (usesPrivate && access.full !== 'all')) {
    const self = ctx.identity.employeeId;
    scope =
      access.full === 'all'
        ? undefined
        : !self || !access.full
          ? sql`false`
          : access.full === 'own'
            ? eq(employees.id, self)
            : sql`${employees.id} in ${reportingLine(self)}`;
  }

  const tsq = search ? prefixQuery(search) : null;
  const tsQuery = tsq ? sql`to_tsquery('simple', ${tsq})` : null;
  // Three index-backed ways to match: full-text prefix terms, trigrams of the name, and trigrams of
  // the stored anagram key (people.name_anagram: sorted letters per word, so "Jhon Smtih" = "John
  // Smith"). The candidates come from people.employee_search_candidates (SECURITY DEFINER, limited
  // to the caller's tenant): under RLS these non-leakproof operators could not use the GIN indexes.
  const anagram = search ? sql`people.name_anagram(${search})` : null;
  const textMatch = search
    ? sql`${employees.id} in (select people.employee_search_candidates(${search}, ${tsQuery ?? sql`null::tsquery`}))`
    : undefined;
  const skillIds = [...new Set(f.skillIds ?? [])];
  const where = and(
    scope,
    textMatch,
    f.departmentId
      ? f.includeSubDepartments
        ? sql`${employees.departmentId} in ${departmentTree(f.departmentId)}`
        : eq(employees.departmentId, f.departmentId)
      : undefined,
    f.managerId ? eq(employees.managerId, f.managerId) : undefined,
    f.status ? eq(employees.status, f.status) : undefined,
    f.employmentType ? eq(employees.employmentType, f.employmentType) : undefined,
    f.workLocation
      ? sql`lower(${employees.workLocation}) = ${f.workLocation.trim().toLowerCase()}`
      : undefined,
    f.hiredFrom ? gte(employees.hireDate, f.hiredFrom) : undefined,
    f.hiredTo ? lte(employees.hireDate, f.hiredTo) : undefined,
    skillIds.length
      ? sql`${employees.id} in (
          select es.employee_id from people.employee_skills es
          where es.skill_id in (select value::uuid from jsonb_array_elements_text(${jsonIds(skillIds)}::jsonb))
            and es.proficiency >= ${minProficiency}
          group by es.employee_id
          having count(distinct es.skill_id) = ${skillIds.length})`
      : undefined,
  );

  const score = search
    ? sql<number>`(similarity(${employees.searchName}, ${search}) + similarity(${employees.searchAnagram}, ${anagram})${tsQuery ? sql` + ts_rank(${employees.searchVector}, ${tsQuery})` : sql``})`
    : sql<number>`0`;

  return ctx.tx(async (tx) => {
    if (search) {
      // Transaction-local: the `%` operator (and its index scan) uses this threshold.
      await tx.execute(
        sql`select set_config('pg_trgm.similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true)`,
      );
    }
    let keyset: SQL | undefined;
    let offset = 0;
    if (cursor) {
      if (orderBy === 'NAME') {
        keyset = sql`(${employees.lastName}, ${employees.firstName}, ${employees.id}) > (${cursor[1]}, ${cursor[2]}, ${cursor[3]}::uuid)`;
      } else if (orderBy === 'HIRE_DATE') {
        keyset = sql`(${employees.hireDate}, ${employees.id}) > (${cursor[1]}::date, ${cursor[2]}::uuid)`;
      } else {
        offset = Number(cursor[1]) || 0;
      }
    }
    const order =
      orderBy === 'NAME'
        ? [asc(employees.lastName), asc(employees.firstName), asc(employees.id)]
        : orderBy === 'HIRE_DATE'
          ? [asc(employees.hireDate), asc(employees.id)]
          : [desc(score), asc(employees.id)];
    let rows: Employee[];
    let totalCount: number;
    if (orderBy === 'RELEVANCE') {
      // One pass over the search candidates: the window count is the total before LIMIT/OFFSET
      // (no keyset condition in this ordering), so the candidate function runs once, not twice.
      const ranked = await tx
        .select({ ...employeeColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
        .from(employees)
        .where(where)
        .orderBy(...order)
        .limit(limit + 1)
        .offset(offset);
      rows = ranked as unknown as Employee[];
      totalCount =
        ranked[0]?.total ??
        (offset > 0 ? ((await tx.select({ n: count() }).from(employees).where(where))[0]?.n ?? 0) : 0);
    } else {
      const [list, [total]] = await Promise.all([
        tx
          .select(employeeColumns)
          .from(employees)
          .where(and(where, keyset))
          .orderBy(...order)
          .limit(limit + 1),
        tx.select({ n: count() }).from(employees).where(where),
      ]);
      rows = list as Employee[];
      totalCount = total?.n ?? 0;
    }
    const page = rows.slice(0, limit) as Employee[];
    const keyOf = (e: Employee, i: number): unknown[] =>
      orderBy === 'NAME'
        ? ['NAME', e.lastName, e.firstName, e.id]
        : orderBy === 'HIRE_DATE'
          ? ['HIRE_DATE', e.hireDate, e.id]
          : ['RELEVANCE', offset + i + 1];
    const edges = page.map((node, i) => ({ cursor: encodeCursor(JSON.stringify(keyOf(node, i))), node }));
    return {
      edges,
      totalCount,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: rows.length > limit,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      }),
    };
  });
}
