import { withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { codeOf, identityFor, newId } from '@wg/runtime/testing';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTenant, SYSTEM, startSecurity } from '../testing';

const { accessLog } = tables;

const RECORD = /* GraphQL */ `mutation ($e: [AccessLogEntryInput!]!) { recordAccessLog(entries: $e) }`;
const REPORT = /* GraphQL */ `
  query ($from: DateTime!, $to: DateTime!) {
    auditReport(from: $from, to: $to) {
      total failures distinctCallers
      byOutcome { key count failures }
      byOperation { key count failures }
      byCaller { key count failures }
      recentFailures { operationName outcome errorCodes ip userAgent requestId durationMs }
    }
  }
`;

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;
const alice = newId();
const partnerKey = newId();
const t0 = new Date('2026-03-01T10:00:00Z');

const entry = (over: Record<string, unknown> = {}) => ({
  tenantId: acme,
  userId: alice,
  operationName: 'Directory',
  outcome: 'SUCCESS',
  ip: '203.0.113.7',
  userAgent: 'vitest',
  requestId: newId(),
  occurredAt: t0.toISOString(),
  durationMs: 12,
  errorCodes: [],
  ...over,
});

const rows = (tenantId: string) =>
  withTenant(env.db, { tenantId }, async (tx) => (await tx.select({ n: count() }).from(accessLog))[0]!.n);

let tenants = 0;
/**
 * Two tenants of their own and, in one gateway call, three entries for the first (a success, a
 * denial, an anonymous rate-limited API-key call) and one for the second: the tests that count or
 * report rows see exactly these, whichever other tests ran before them.
 */
async function recordSample() {
  tenants += 1;
  const own = await newTenant(env.db, `sample-${tenants}`);
  const other = await newTenant(env.db, `other-${tenants}`);
  const res = await env.security.call<{ recordAccessLog: number }>(
    RECORD,
    {
      e: [
        entry({ tenantId: own }),
        entry({ tenantId: own, operationName: 'Payroll', outcome: 'DENIED', errorCodes: ['FORBIDDEN'] }),
        entry({
          tenantId: own,
          userId: null,
          apiKeyId: partnerKey,
          operationName: null,
          outcome: 'RATE_LIMITED',
          errorCodes: ['RATE_LIMITED'],
        }),
        entry({ tenantId: other, operationName: 'Other' }),
      ],
    },
    SYSTEM,
  );
  expect(res.errors).toBeUndefined();
  return { own, other, recorded: res.data!.recordAccessLog };
}

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
});
afterAll(async () => env?.stop());

describe('recordAccessLog (gateway contract)', () => {
  it('appends rows for several tenants in one call, each under its own tenant', async () => {
    const { own, other, recorded } = await recordSample();
    expect(recorded).toBe(4);
    expect(await rows(own)).toBe(3);
    expect(await rows(other)).toBe(1);
  });

  it('names each bad field of each entry and writes nothing', async () => {
    const before = await rows(acme);
    const res = await env.security.call(
      RECORD,
      { e: [entry(), entry({ tenantId: 'nope', durationMs: -1, userAgent: 'x'.repeat(501) })] },
      SYSTEM,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect((res.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'entries.1.durationMs',
      'entries.1.tenantId',
      'entries.1.userAgent',
    ]);
    expect(await rows(acme)).toBe(before);
  });

  it('is FORBIDDEN to anyone but the gateway', async () => {
    const before = await rows(acme);
    const res = await env.security.call(RECORD, { e: [entry()] }, identityFor(acme, ['admin']));
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(await rows(acme)).toBe(before);
  });

  it('is append-only, even for the table owner', async () => {
    // Rows of its own: an update or delete of zero rows would succeed without testing anything.
    const { own } = await recordSample();
    await expect(
      withTenant(env.db, { tenantId: own }, (tx) => tx.update(accessLog).set({ outcome: 'SUCCESS' })),
    ).rejects.toThrow();
    await expect(env.db.system.delete(accessLog).where(eq(accessLog.tenantId, own))).rejects.toThrow();
    await expect(env.db.system.execute(sql`truncate security.access_log`)).rejects.toThrow();
    expect(await rows(own)).toBe(3);
  });
});

describe('auditReport', () => {
  const window = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' };

  it('counts by outcome, operation and caller, and lists failures — for the own tenant only', async () => {
    const { own } = await recordSample();
    const res = await env.security.call<{ auditReport: Record<string, unknown> }>(
      REPORT,
      window,
      identityFor(own, ['admin']),
    );
    expect(res.errors).toBeUndefined();
    const report = res.data!.auditReport as {
      total: number;
      failures: number;
      distinctCallers: number;
      byOutcome: unknown[];
      byOperation: unknown[];
      byCaller: unknown[];
      recentFailures: { operationName: string | null; outcome: string }[];
    };
    expect(report).toMatchObject({ total: 3, failures: 2, distinctCallers: 2 });
    expect(report.byOutcome).toEqual([
      { key: 'DENIED', count: 1, failures: 1 },
      { key: 'RATE_LIMITED', count: 1, failures: 1 },
      { key: 'SUCCESS', count: 1, failures: 0 },
    ]);
    expect(report.byOperation).toContainEqual({ key: '(anonymous)', count: 1, failures: 1 });
    expect(report.byCaller).toEqual([
      { key: alice, count: 2, failures: 1 },
      { key: partnerKey, count: 1, failures: 1 },
    ]);
    expect(report.recentFailures.map((f) => f.outcome).sort()).toEqual(['DENIED', 'RATE_LIMITED']);
    expect(JSON.stringify(report)).not.toContain('Other');
  });

  it('rejects a reversed or too long window, and callers without access_log:read', async () => {
    const reversed = await env.security.call(
      REPORT,
      { from: window.to, to: window.from },
      identityFor(acme, ['admin']),
    );
    expect(codeOf(reversed)).toBe('BAD_USER_INPUT');
    expect((reversed.errors![0]!.extensions!.fields as { field: string }[])[0]!.field).toBe('to');
    const long = await env.security.call(
      REPORT,
      { from: '2020-01-01T00:00:00Z', to: window.to },
      identityFor(acme, ['admin']),
    );
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
    const denied = await env.security.call(REPORT, window, identityFor(acme, ['hr_manager']));
    expect(codeOf(denied)).toBe('FORBIDDEN');
  });
});
