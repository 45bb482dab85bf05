import { type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from '../errors';

@Directive('@shareable')
@ObjectType('PageInfo', { description: 'Relay cursor pagination state.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
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

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} records.` })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Total number of records matching the filter, across all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Cursors are the base64url of a sort key; opaque to clients. */
export const encodeCursor = (key: string) => Buffer.from(`c:${key}`).toString('base64url');
export function decodeCursor(cursor: string, field = 'after'): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith('c:') || raw.length < 3) throw badInput([{ field, message: 'Malformed cursor' }]);
  return raw.slice(2);
}

export interface PageArgs {
  first?: number | null | undefined;
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
