import type { Tx } from '@wg/db';
import { and, asc, count, desc, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { ArgsType, type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from '../errors';

/** The same page limits on every connection of the graph. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@Directive('@shareable')
@ObjectType('PageInfo', { description: 'Relay cursor pagination state of one page of a connection.' })
export class PageInfo {
  @Field(() => Boolean, {
    description: 'True when more edges follow this page (fetch them with `after: endCursor`).',
  })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description:
      'True when this page was fetched with `after`, i.e. edges precede it. Backward paging is not offered.',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first edge of this page; null when it is empty.',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Cursor of the last edge of this page; pass it as `after` for the next page. Null when it is empty.',
  })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Builds `<Name>Connection` and `<Name>Edge` object types for a node class, Relay style.
 * `totalCount` is resolved eagerly by the service (one count query per connection).
 */
export function connectionType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `An edge in a ${name} connection.` })
  class EdgeType {
    @Field(() => String, { description: 'Opaque cursor; pass it as `after` to continue.' })
    cursor!: string;

    @Field(() => node, { description: `The ${name} at this position of the page.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} records.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: `The ${name} records of this page, in the connection's order.` })
    edges!: EdgeType[];

    @Field(() => PageInfo, {
      description: 'Where this page sits: whether more follow and the cursors to continue.',
    })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Total number of records matching the filter, across all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** Cursors are the base64url of a sort key; opaque to clients. */
export const encodeCursor = (key: string) => Buffer.from(`c:${key}`).toString('base64url');
export function decodeCursor(cursor: string, field = 'after'): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith('c:') || raw.length < 3) throw badInput([{ field, message: 'Malformed cursor' }]);
  return raw.slice(2);
}

/**
 * The one argument block of every connection field: `first` (0–100, default 20) and `after`.
 * Resolvers take it with `@Args(() => PageArgs) page: PageArgs`; services pass it to `paginate()`
 * or, for batched per-parent pages, to `pageWindow()` + `toConnection()`.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size: how many edges to return, 0–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  })
  first?: number | null | undefined;

  @Field(() => String, {
    nullable: true,
    description:
      'Opaque cursor of the last edge already seen (`pageInfo.endCursor`); the page starts after it.',
  })
  after?: string | null | undefined;
}

/** Validates `first`/`after` and returns the limit to fetch (one extra row tells hasNextPage). */
export function pageWindow(args: PageArgs): { limit: number; after: string | null } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput([{ field: 'first', message: `first must be between 0 and ${MAX_PAGE_SIZE}` }]);
  }
  return { limit: first, after: args.after ? decodeCursor(args.after) : null };
}

/** Turns `limit + 1` fetched rows into a connection. */
export function toConnection<T>(
  rows: T[],
  limit: number,
  totalCount: number,
  hasPrevious: boolean,
  keyOf: (row: T) => string,
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    totalCount,
    pageInfo: Object.assign(new PageInfo(), {
      hasNextPage: rows.length > limit,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    }),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface KeysetPage<TTable extends PgTable = PgTable> {
  /** Rows of the connection (a tenant table: RLS confines it to the caller's tenant). */
  table: TTable;
  /** The uuid (v7, so creation-ordered) key the page is sorted and cut by, usually `table.id`. */
  key: PgColumn;
  /** The connection's filter; the count uses it too, the cursor does not. */
  where?: SQL | undefined;
  /** `asc` (oldest first, the default) or `desc` (newest first). */
  order?: 'asc' | 'desc';
  /**
   * Sort by this (non-null) column first, `key` breaking ties — e.g. users by email. The cursor
   * then carries both values and the cut is a row comparison `(sort, key) > (…, …)`.
   */
  sortBy?: PgColumn;
  /** Select only these columns (e.g. everything but a credential hash); all when omitted. */
  columns?: Record<string, PgColumn>;
}

/**
 * The keyset page every id-ordered connection uses: one query for `first + 1` rows after the
 * cursor (the extra row tells `hasNextPage`) and one `count(*)` over the filter for `totalCount`,
 * run side by side in the caller's tenant transaction. Validates `first`/`after` (BAD_USER_INPUT
 * naming the argument) before it queries.
 */
export async function paginate<TTable extends PgTable, TRow = TTable['$inferSelect']>(
  tx: Tx,
  source: KeysetPage<TTable>,
  page: PageArgs,
): Promise<Connection<TRow>> {
  const { limit, after } = pageWindow(page);
  const descending = source.order === 'desc';
  const keyColumn = propertyOf(source, source.key);
  const sortColumn = source.sortBy ? propertyOf(source, source.sortBy) : null;
  let cut: SQL | undefined;
  if (after !== null) {
    const [sortValue, id] = sortColumn ? parseSortCursor(after) : [null, after];
    if (!UUID.test(id)) throw badInput([{ field: 'after', message: 'Malformed cursor' }]);
    const op = descending ? sql`<` : sql`>`;
    cut = source.sortBy
      ? sql`(${source.sortBy}, ${source.key}) ${op} (${sortValue}, ${id})`
      : sql`${source.key} ${op} ${id}`;
  }
  const direction = descending ? desc : asc;
  const [rows, [total]] = await Promise.all([
    (source.columns ? tx.select(source.columns) : tx.select())
      .from(source.table as PgTable)
      .where(and(source.where, cut))
      .orderBy(...(source.sortBy ? [direction(source.sortBy)] : []), direction(source.key))
      .limit(limit + 1),
    tx
      .select({ n: count() })
      .from(source.table as PgTable)
      .where(source.where),
  ]);
  const keyOf = (row: Record<string, unknown>) =>
    sortColumn ? JSON.stringify([String(row[sortColumn]), String(row[keyColumn])]) : String(row[keyColumn]);
  return toConnection(rows as unknown as TRow[], limit, total?.n ?? 0, after !== null, (row) =>
    keyOf(row as Record<string, unknown>),
  );
}

/** The row property drizzle selects a column as (its key in the table definition). */
function propertyOf(source: KeysetPage, column: PgColumn): string {
  const entry = Object.entries(source.columns ?? getTableColumns(source.table)).find(([, c]) => c === column);
  if (!entry) throw new Error(`paginate: column ${column.name} is not a column of the paged table`);
  return entry[0];
}

function parseSortCursor(after: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(after);
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((v) => typeof v === 'string')) {
      return parsed as [string, string];
    }
  } catch {
    // fall through: malformed
  }
  throw badInput([{ field: 'after', message: 'Malformed cursor' }]);
}

/** The same page with every node mapped (e.g. a stored row to its GraphQL shape); cursors stay. */
export function mapNodes<T, U>(page: Connection<T>, map: (node: T) => U): Connection<U> {
  return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })) };
}

/**
 * A page of a list the service already holds in its order (a batched per-parent list such as a
 * department's positions or an employee's reporting line): the same `first`/`after` arguments,
 * limits and opaque cursors as `paginate()`, cut in memory. The cursor is the node's key; a key
 * no longer in the list (the node left it since) is BAD_USER_INPUT on `after`, never a silently
 * restarted page.
 */
export function paginateList<T>(
  list: readonly T[],
  page: PageArgs,
  keyOf: (node: T) => string,
): Connection<T> {
  const { limit, after } = pageWindow(page);
  let start = 0;
  if (after !== null) {
    const at = list.findIndex((node) => keyOf(node) === after);
    if (at < 0) {
      throw badInput([
        { field: 'after', message: 'The cursor is not in this list any more; start again without `after`' },
      ]);
    }
    start = at + 1;
  }
  return toConnection(list.slice(start, start + limit + 1), limit, list.length, after !== null, keyOf);
}
