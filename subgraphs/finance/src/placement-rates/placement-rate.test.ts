import type { Database } from '@wg/db';
import * as tables from '@wg/db/finance';
import type { RateFinalizedData } from '@wg/recruiting/events';
import type { DomainEvent } from '@wg/runtime';
import {
  codeOf,
  createTestDatabase,
  eventually,
  fieldsOf,
  identityFor,
  newId,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { financeSubgraph } from '../index';
import { countRows } from '../testing';

const ACME = newId();
const GLOBEX = newId();
const analyst = identityFor(ACME, ['analyst']);
const admin = identityFor(ACME, ['admin']);
const recruiter = identityFor(ACME, ['recruiter']);
const employee = identityFor(ACME, ['employee'], { employeeId: newId() });
const globexAnalyst = identityFor(GLOBEX, ['analyst']);

let db: Database & { drop(): Promise<void> };
let finance: Awaited<ReturnType<typeof startTestSubgraph>>;

const LIST = /* GraphQL */ `
  query ($f: PlacementRateFilter) {
    placementRates(first: 10, filter: $f) {
      totalCount
      edges { node { negotiationId postingId departmentId employeeId jobTitle unit margin effectiveFrom
        billRate { amount currency } payRate { amount currency } spread { amount } } }
    }
  }
`;

function finalized(tenantId: string, data: Partial<RateFinalizedData> = {}): DomainEvent {
  const negotiationId = data.negotiationId ?? newId();
  return {
    id: newId(),
    type: 'recruiting.rate.finalized',
    tenantId,
    aggregate: { type: 'RateNegotiation', id: negotiationId },
    occurredAt: new Date().toISOString(),
    data: {
      negotiationId,
      postingId: newId(),
      departmentId: newId(),
      jobTitle: 'Contract Data Engineer',
      applicationId: newId(),
      candidateId: newId(),
      employeeId: null,
      currency: 'USD',
      unit: 'HOUR',
      billRate: '110.00',
      payRate: '77.00',
      margin: '0.3000',
      markup: '0.4286',
      rounds: 3,
      strategy: 'BALANCED',
      finalizedAt: '2026-03-02T10:00:00.000Z',
      ...data,
    } satisfies RateFinalizedData,
  } as DomainEvent;
}

const rowsOf = (tenantId: string) => countRows(db, tenantId, tables.placementRates);

beforeAll(async () => {
  db = await createTestDatabase();
  finance = await startTestSubgraph(financeSubgraph, db);
});

afterAll(async () => {
  await finance?.stop();
  await db?.drop();
});

describe('placement rates from recruiting.rate.finalized', () => {
  it('records the agreed rates exactly once, however often the event is delivered', async () => {
    // A tenant of its own: the other tests add ACME rows, in any order, and the counts below are exact.
    const tenant = newId();
    const event = finalized(tenant);
    await finance.bus.publish([event]);
    await eventually(async () => (await rowsOf(tenant)) === 1);
    // The same event again, in one batch and in a later one, and a second event for the same negotiation.
    await finance.bus.publish([event, event]);
    await finance.bus.publish([
      { ...finalized(tenant, { negotiationId: event.aggregate.id, payRate: '70.00' }) },
    ]);
    const sentinel = finalized(tenant);
    await finance.bus.publish([sentinel]);
    await eventually(async () => (await rowsOf(tenant)) === 2);
    const res = await finance.call<{
      placementRates: { totalCount: number; edges: { node: Record<string, unknown> }[] };
    }>(
      LIST,
      { f: { postingId: (event.data as RateFinalizedData).postingId } },
      identityFor(tenant, ['analyst']),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.placementRates.totalCount).toBe(1);
    expect(res.data!.placementRates.edges[0]!.node).toEqual({
      negotiationId: event.aggregate.id,
      postingId: (event.data as RateFinalizedData).postingId,
      departmentId: (event.data as RateFinalizedData).departmentId,
      employeeId: null,
      jobTitle: 'Contract Data Engineer',
      unit: 'HOUR',
      margin: '0.3000',
      effectiveFrom: '2026-03-02',
      billRate: { amount: '110.00', currency: 'USD' },
      payRate: { amount: '77.00', currency: 'USD' },
      spread: { amount: '33.00' },
    });
  });

  it('skips a malformed payload without wedging the group', async () => {
    const before = await rowsOf(ACME);
    const bad = finalized(ACME, { payRate: '120.00' }); // above the bill rate
    const good = finalized(ACME);
    await finance.bus.publish([bad, good]);
    await eventually(async () => (await rowsOf(ACME)) === before + 1);
  });

  it('is read with financials:read (analysts, admins); others are FORBIDDEN; tenants see only their own', async () => {
    await finance.bus.publish([
      finalized(GLOBEX, { employeeId: newId(), applicationId: null, candidateId: null }),
    ]);
    await eventually(async () => (await rowsOf(GLOBEX)) === 1);
    const acme = await finance.call<{ placementRates: { totalCount: number } }>(LIST, {}, admin);
    const globex = await finance.call<{ placementRates: { totalCount: number } }>(LIST, {}, globexAnalyst);
    expect(acme.errors).toBeUndefined();
    expect(globex.errors).toBeUndefined();
    expect(globex.data!.placementRates.totalCount).toBe(1);
    expect(acme.data!.placementRates.totalCount).toBe(await rowsOf(ACME));
    for (const who of [recruiter, employee]) {
      const r = await finance.call(LIST, {}, who);
      expect(codeOf(r)).toBe('FORBIDDEN');
      expect(r.data?.placementRates ?? null).toBeNull();
    }
    expect(fieldsOf(await finance.call(LIST, { f: { employeeId: 'nope' } }, analyst))).toEqual([
      'filter.employeeId',
    ]);
  });
});
