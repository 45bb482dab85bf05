import type { Tx } from '@wg/db';
import { recruitingApplications, recruitingOffers, recruitingPostings } from '@wg/db/insights';
import type { ApplicationSnapshot, JobPostingSnapshot, OfferSnapshot } from '@wg/recruiting/events';
import { type DomainEvent, isUuid } from '@wg/runtime';
import { sql } from 'drizzle-orm';
import type { ChangedScopes } from '../projections/notify';

/**
 * The recruiting events the funnel projects. Interviews, scorecards and rate negotiations do not
 * move any funnel figure, so insights neither logs nor applies them.
 */
export const RECRUITING_FUNNEL_EVENTS = [
  'recruiting.job_posting.opened',
  'recruiting.job_posting.on_hold',
  'recruiting.job_posting.closed',
  'recruiting.job_posting.updated',
  'recruiting.application.created',
  'recruiting.application.stage_changed',
  'recruiting.offer.submitted',
  'recruiting.offer.approved',
  'recruiting.offer.sent',
  'recruiting.offer.accepted',
  'recruiting.offer.declined',
  'recruiting.offer.withdrawn',
  'recruiting.offer.expired',
] as const;

const FUNNEL_TYPES: ReadonlySet<string> = new Set(RECRUITING_FUNNEL_EVENTS);

export const isRecruitingFunnelEvent = (e: Pick<DomainEvent, 'type'>) => FUNNEL_TYPES.has(e.type);

/** The forward stages in order; a stage's rank is its index. REJECTED / WITHDRAWN have none. */
export const FUNNEL_STAGES = ['APPLIED', 'SCREENING', 'INTERVIEW', 'OFFER', 'HIRED'] as const;
export const stageRank = (stage: string | null | undefined): number =>
  stage ? FUNNEL_STAGES.indexOf(stage as (typeof FUNNEL_STAGES)[number]) : -1;

/** Offer statuses that answer an offer: the acceptance rate's denominator. */
const OUTCOMES = new Set(['ACCEPTED', 'DECLINED', 'EXPIRED']);

type Row = Record<string, unknown>;

/**
 * Keeps the newest snapshot per key within a batch (ties: the later one, as delivered), so one
 * upsert statement per table never names a key twice. The database then keeps the newer of the
 * stored row and the batch's (`version`), which makes the result independent of batching.
 */
function newestPerKey<T extends { key: string; version: string }>(rows: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) {
    const seen = byKey.get(r.key);
    if (!seen || r.version >= seen.version) byKey.set(r.key, r);
  }
  return [...byKey.values()];
}

/**
 * Applies one tenant's recruiting events (in delivery order) to the funnel tables, three
 * statements at most per batch, and adds the departments whose figures moved to `scopes`.
 * Events whose ids are not UUIDs (a producer bug) are skipped rather than wedging the consumer.
 */
export async function applyRecruitingEvents(
  tx: Tx,
  tenantId: string,
  events: DomainEvent[],
  scopes: ChangedScopes,
): Promise<void> {
  const postings: (Row & { key: string; version: string })[] = [];
  const applications: (Row & { key: string; version: string })[] = [];
  const offers: (Row & { key: string; version: string })[] = [];
  for (const e of events) {
    if (e.type.startsWith('recruiting.job_posting.')) {
      const p = e.data as unknown as JobPostingSnapshot;
      if (!isUuid(p.id) || !isUuid(p.departmentId)) continue;
      postings.push({
        key: p.id,
        version: e.occurredAt,
        posting_id: p.id,
        department_id: p.departmentId,
        status: p.status,
        openings: Number.isInteger(p.openings) ? p.openings : 0,
        close_reason: p.closeReason ?? null,
      });
      scopes.add('department', p.departmentId);
    } else if (e.type.startsWith('recruiting.application.')) {
      const a = e.data as unknown as ApplicationSnapshot;
      if (!isUuid(a.id) || !isUuid(a.postingId) || !isUuid(a.departmentId)) continue;
      applications.push({
        key: a.id,
        version: e.occurredAt,
        application_id: a.id,
        posting_id: a.postingId,
        department_id: a.departmentId,
        source: a.source,
        stage: a.stage,
        // The stage it left counts as reached: a rejection at INTERVIEW still passed SCREENING.
        furthest_rank: Math.max(stageRank(a.stage), stageRank(a.previousStage), 0),
        applied_at: a.appliedAt,
        hired_at: a.stage === 'HIRED' ? a.stageChangedAt : null,
      });
      scopes.add('department', a.departmentId);
    } else if (e.type.startsWith('recruiting.offer.')) {
      const o = e.data as unknown as OfferSnapshot;
      if (!isUuid(o.id) || !isUuid(o.applicationId) || !isUuid(o.departmentId)) continue;
      const outcome = OUTCOMES.has(o.status) ? o.status : null;
      offers.push({
        key: o.id,
        version: e.occurredAt,
        offer_id: o.id,
        application_id: o.applicationId,
        department_id: o.departmentId,
        status: o.status,
        outcome,
        decided_at: outcome ? (o.decidedAt ?? e.occurredAt) : null,
      });
      scopes.add('department', o.departmentId);
    }
  }
  // Within a batch the max rank / first hire / first outcome must survive the newest-wins pick.
  const merge = <T extends Row & { key: string }>(rows: T[], fold: (into: T, from: T) => void) => {
    const acc = new Map<string, T>();
    for (const r of rows) {
      const seen = acc.get(r.key);
      if (seen) fold(seen, r);
      else acc.set(r.key, { ...r });
    }
    return acc;
  };
  if (postings.length > 0) {
    await tx.execute(sql`
      insert into ${recruitingPostings} (tenant_id, posting_id, department_id, status, openings, close_reason, version)
      select ${tenantId}::uuid, posting_id, department_id, status, openings, close_reason, version
      from jsonb_to_recordset(${JSON.stringify(newestPerKey(postings))}::jsonb)
        as x(posting_id uuid, department_id uuid, status text, openings int, close_reason text, version timestamptz)
      on conflict (tenant_id, posting_id) do update set
        department_id = excluded.department_id, status = excluded.status, openings = excluded.openings,
        close_reason = excluded.close_reason, version = excluded.version
      where excluded.version >= ${recruitingPostings.version}`);
  }
  if (applications.length > 0) {
    const folded = merge(applications, (into, from) => {
      into.furthest_rank = Math.max(Number(into.furthest_rank), Number(from.furthest_rank));
      into.hired_at = into.hired_at ?? from.hired_at;
    });
    const rows = newestPerKey(applications).map((r) => ({
      ...r,
      furthest_rank: folded.get(r.key)!.furthest_rank,
      hired_at: folded.get(r.key)!.hired_at,
    }));
    const t = recruitingApplications;
    await tx.execute(sql`
      insert into ${t} (tenant_id, application_id, posting_id, department_id, source, stage, furthest_rank, applied_at, hired_at, version)
      select ${tenantId}::uuid, application_id, posting_id, department_id, source, stage, furthest_rank, applied_at, hired_at, version
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(application_id uuid, posting_id uuid, department_id uuid, source text, stage text,
             furthest_rank int, applied_at timestamptz, hired_at timestamptz, version timestamptz)
      on conflict (tenant_id, application_id) do update set
        posting_id = case when excluded.version >= ${t.version} then excluded.posting_id else ${t.postingId} end,
        department_id = case when excluded.version >= ${t.version} then excluded.department_id else ${t.departmentId} end,
        source = case when excluded.version >= ${t.version} then excluded.source else ${t.source} end,
        stage = case when excluded.version >= ${t.version} then excluded.stage else ${t.stage} end,
        furthest_rank = greatest(${t.furthestRank}, excluded.furthest_rank),
        hired_at = coalesce(${t.hiredAt}, excluded.hired_at),
        version = greatest(${t.version}, excluded.version)`);
  }
  if (offers.length > 0) {
    const folded = merge(offers, (into, from) => {
      if (!into.outcome && from.outcome) {
        into.outcome = from.outcome;
        into.decided_at = from.decided_at;
      }
    });
    const rows = newestPerKey(offers).map((r) => ({
      ...r,
      outcome: folded.get(r.key)!.outcome,
      decided_at: folded.get(r.key)!.decided_at,
    }));
    const t = recruitingOffers;
    await tx.execute(sql`
      insert into ${t} (tenant_id, offer_id, application_id, department_id, status, outcome, decided_at, version)
      select ${tenantId}::uuid, offer_id, application_id, department_id, status, outcome, decided_at, version
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(offer_id uuid, application_id uuid, department_id uuid, status text, outcome text,
             decided_at timestamptz, version timestamptz)
      on conflict (tenant_id, offer_id) do update set
        department_id = case when excluded.version >= ${t.version} then excluded.department_id else ${t.departmentId} end,
        status = case when excluded.version >= ${t.version} then excluded.status else ${t.status} end,
        outcome = coalesce(${t.outcome}, excluded.outcome),
        decided_at = case when ${t.outcome} is null then excluded.decided_at else ${t.decidedAt} end,
        version = greatest(${t.version}, excluded.version)`);
  }
}
