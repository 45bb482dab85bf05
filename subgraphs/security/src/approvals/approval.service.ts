import { approvals, entityRefs } from '@wg/db/security';
import {
  APPROVAL_KINDS,
  type ApprovalKind,
  approvalKinds,
  badInput,
  type Connection,
  departmentSubtree,
  type Identity,
  isApprovalKind,
  pageWindow,
  reportingLine,
  scopeFor,
  toConnection,
} from '@wg/runtime';
import { and, asc, count, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { SecurityContext } from '../loaders';
import { APPROVAL_CLASSES, type ApprovalConnection, ApprovalKindCount } from './approval.type';

const a = approvals;
type Row = typeof approvals.$inferSelect;

/** `myApprovals` / `approvalsChanged` arguments. */
export interface InboxArgs {
  kinds?: string[] | null;
  first?: number | null;
  after?: string | null;
}

/** The asked kinds: every kind when omitted; BAD_USER_INPUT naming `kinds` for an unknown or empty list. */
export function parseKinds(kinds: string[] | null | undefined): ApprovalKind[] {
  if (kinds === null || kinds === undefined) return approvalKinds;
  if (kinds.length === 0) throw badInput([{ field: 'kinds', message: 'Give at least one kind, or omit it' }]);
  const unknown = kinds.filter((k) => !isApprovalKind(k));
  if (unknown.length > 0) {
    throw badInput([
      {
        field: 'kinds',
        message: `Unknown kind ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known: ${approvalKinds.join(', ')}`,
      },
    ]);
  }
  return [...new Set(kinds)] as ApprovalKind[];
}

/**
 * The pending approvals `identity` may decide among `kinds`, as a SQL condition (null: none).
 * The rule is the owners' (`requireApprover`, APPROVAL_KINDS): `<permission>` at scope `all`
 * covers the kind in the whole tenant, at scope `team` only subjects in the caller's reporting
 * line (or, for `department` kinds, the caller's department and below); never the caller's own
 * request. A caller who is not a person (API key) has no inbox.
 */
export function visibleTo(identity: Identity, kinds: readonly ApprovalKind[]): SQL | null {
  const user = identity.userId;
  if (identity.kind !== 'user' || !user) return null;
  const self = identity.employeeId;
  const parts: SQL[] = [];
  for (const kind of kinds) {
    const rule = APPROVAL_KINDS[kind];
    const [resource, action] = rule.permission.split(':') as [string, string];
    const scope = scopeFor(identity, resource, action);
    if (scope === 'all') parts.push(sql`${a.kind} = ${kind}`);
    else if (scope === 'team' && self) {
      const team =
        rule.team === 'reporting_line'
          ? sql`${a.employeeId} in ${reportingLine(entityRefs, self)}`
          : sql`${a.departmentId} in ${departmentSubtree(entityRefs, self)}`;
      parts.push(sql`(${a.kind} = ${kind} and ${team})`);
    }
  }
  if (parts.length === 0) return null;
  return and(
    eq(a.status, 'PENDING'),
    or(...parts),
    sql`${a.requestedBy} is distinct from ${user}::uuid`,
    self ? sql`${a.requesterEmployeeId} is distinct from ${self}::uuid` : undefined,
  )!;
}

/** A row as the GraphQL node of its kind. */
export function toNode(row: Row) {
  const kind = row.kind as ApprovalKind;
  return Object.assign(new APPROVAL_CLASSES[kind](), {
    id: row.id,
    kind,
    subjectId: row.subjectId,
    subject: row.subject,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt,
    status: 'PENDING' as const,
  });
}

/** Cursor key: the row's place in the inbox order (requestedAt, then id). */
const keyOf = (row: { requestedAt: Date; id: string }): string =>
  `${row.requestedAt.toISOString()}|${row.id}`;

function afterKey(after: string | null): { at: Date; id: string } | null {
  if (!after) return null;
  const bar = after.indexOf('|');
  const at = new Date(after.slice(0, bar));
  if (bar < 0 || Number.isNaN(at.getTime()))
    throw badInput([{ field: 'after', message: 'Malformed cursor' }]);
  return { at, id: after.slice(bar + 1) };
}

export const approvalService = {
  /**
   * The caller's inbox page and counts. Validates before reading: `kinds` (BAD_USER_INPUT naming
   * it), `first` 0–100, `after`. Without any approve permission the inbox is empty, not an error:
   * a badge shows 0 for everyone, approver or not.
   */
  async inbox(ctx: SecurityContext, args: InboxArgs): Promise<ApprovalConnection> {
    ctx.tenantId();
    const kinds = parseKinds(args.kinds);
    const { limit, after } = pageWindow({ first: args.first, after: args.after });
    const cursor = afterKey(after);
    const visible = visibleTo(ctx.identity, kinds);
    const counts = new Map<string, number>(kinds.map((k) => [k, 0]));
    let page: Connection<ReturnType<typeof toNode>> = toConnection<ReturnType<typeof toNode>>(
      [],
      limit,
      0,
      Boolean(cursor),
      keyOf,
    );
    if (visible) {
      const { rows, perKind } = await ctx.tx(async (tx) => {
        const perKind = await tx.select({ kind: a.kind, n: count() }).from(a).where(visible).groupBy(a.kind);
        const rows =
          limit === 0
            ? []
            : await tx
                .select()
                .from(a)
                .where(
                  and(
                    visible,
                    cursor
                      ? sql`(${a.requestedAt}, ${a.id}) > (${cursor.at.toISOString()}::timestamptz, ${cursor.id})`
                      : undefined,
                  ),
                )
                .orderBy(asc(a.requestedAt), asc(a.id))
                .limit(limit + 1);
        return { rows, perKind };
      });
      for (const { kind, n } of perKind) counts.set(kind, Number(n));
      const total = [...counts.values()].reduce((s, n) => s + n, 0);
      page = toConnection(rows.map(toNode), limit, total, Boolean(cursor), keyOf);
    }
    return {
      ...page,
      counts: [...counts].map(([kind, n]) => Object.assign(new ApprovalKindCount(), { kind, count: n })),
    };
  },

  /** Approvals by id for the entity references, limited to what the caller may decide. */
  async byIds(ctx: SecurityContext, ids: readonly string[]): Promise<Map<string, ReturnType<typeof toNode>>> {
    const visible = visibleTo(ctx.identity, approvalKinds);
    if (!visible || ids.length === 0) return new Map();
    const rows = await ctx.tx((tx) =>
      tx
        .select()
        .from(a)
        .where(and(visible, inArray(a.id, [...ids]))),
    );
    return new Map(rows.map((r) => [r.id, toNode(r)]));
  },
};
