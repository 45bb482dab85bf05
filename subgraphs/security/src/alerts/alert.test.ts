import { withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { emitEvent } from '@wg/runtime';
import { codeOf, eventually, fieldsOf, identityFor, newId } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsumedEventTypes } from '../events';
import { newTenant, newUser, startSecurity } from '../testing';
import { raiseAlert } from './alert.service';

const { securityAlerts, users, outbox: securityOutbox } = tables;

const ACK = /* GraphQL */ `mutation ($id: ID!) { acknowledgeSecurityAlert(id: $id) { id status acknowledgedAt acknowledgedBy } }`;
const RESOLVE = /* GraphQL */ `mutation ($id: ID!, $r: String!) { resolveSecurityAlert(id: $id, resolution: $r) { id status resolution resolvedBy } }`;
const LIST = /* GraphQL */ `query ($s: SecurityAlertStatus, $k: SecurityAlertKind, $first: Int, $after: String) {
  securityAlerts(status: $s, kind: $k, first: $first, after: $after) { totalCount edges { node { id kind status } } pageInfo { hasNextPage endCursor } }
}`;
const DASHBOARD = /* GraphQL */ `{
  securityDashboard {
    unresolvedAlerts criticalOrHigh byKind { key count } bySeverity { key count } byStatus { key count }
    recent { id kind } lockedUsers failedLoginsLast24h usersWithMfa activeUsers activeApiKeys activeSessions
  }
}`;

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;
let globex: string;
const admin = () => identityFor(acme, ['admin']);

const raise = (
  tenantId: string,
  kind: 'BULK_EXPORT' | 'FAILED_LOGIN_BURST' = 'FAILED_LOGIN_BURST',
  severity: 'HIGH' | 'LOW' = 'HIGH',
) =>
  withTenant(env.db, { tenantId }, (tx) =>
    raiseAlert(tx, { tenantId, kind, severity, summary: 'test alert', details: { n: 1 } }),
  );

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
  globex = await newTenant(env.db, 'globex');
});
afterAll(async () => env?.stop());

describe('alert workflow', () => {
  it('OPEN -> ACKNOWLEDGED -> RESOLVED; anything else is CONFLICT', async () => {
    const alert = await raise(acme);
    const actor = admin();
    const ack = await env.security.call<{
      acknowledgeSecurityAlert: { status: string; acknowledgedBy: string };
    }>(ACK, { id: alert.id }, actor);
    expect(ack.data!.acknowledgeSecurityAlert).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedBy: actor.userId,
    });
    expect(codeOf(await env.security.call(ACK, { id: alert.id }, admin()))).toBe('CONFLICT');
    const done = await env.security.call<{ resolveSecurityAlert: { status: string; resolution: string } }>(
      RESOLVE,
      { id: alert.id, r: 'Password reset with the user; it was them.' },
      admin(),
    );
    expect(done.data!.resolveSecurityAlert).toMatchObject({
      status: 'RESOLVED',
      resolution: 'Password reset with the user; it was them.',
    });
    expect(codeOf(await env.security.call(RESOLVE, { id: alert.id, r: 'again' }, admin()))).toBe('CONFLICT');
    expect(codeOf(await env.security.call(ACK, { id: alert.id }, admin()))).toBe('CONFLICT');
    // OPEN -> RESOLVED directly is allowed.
    const other = await raise(acme);
    expect(
      (await env.security.call(RESOLVE, { id: other.id, r: 'False positive' }, admin())).errors,
    ).toBeUndefined();
  });

  it('needs a resolution, permissions, and the own tenant', async () => {
    const alert = await raise(acme);
    const empty = await env.security.call(RESOLVE, { id: alert.id, r: '  ' }, admin());
    expect(fieldsOf(empty.errors![0])).toEqual(['resolution']);
    expect(codeOf(await env.security.call(ACK, { id: alert.id }, identityFor(acme, ['hr_manager'])))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await env.security.call(ACK, { id: alert.id }, identityFor(globex, ['admin'])))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await env.security.call(ACK, { id: newId() }, admin()))).toBe('NOT_FOUND');
    const [row] = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(securityAlerts).where(eq(securityAlerts.id, alert.id)),
    );
    expect(row!.status).toBe('OPEN');
  });
});

describe('listing and dashboard', () => {
  it('pages alerts newest first with filters, and summarises the tenant', async () => {
    // A tenant of its own: the figures below are exact whatever other tests raised elsewhere.
    const tenant = await newTenant(env.db, `dash-${newId().slice(-8)}`);
    const admin = () => identityFor(tenant, ['admin']);
    await raise(globex);
    await raise(tenant);
    const low = await raise(tenant, 'BULK_EXPORT', 'LOW');
    const user = await newUser(env.db, tenant);
    await withTenant(env.db, { tenantId: tenant }, (tx) =>
      tx
        .update(users)
        .set({ lockedUntil: new Date(Date.now() + 60_000), mfaEnabledAt: new Date() })
        .where(eq(users.id, user.id)),
    );
    const page = await env.security.call<{
      securityAlerts: {
        totalCount: number;
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(LIST, { s: 'OPEN', first: 1 }, admin());
    expect(page.errors).toBeUndefined();
    expect(page.data!.securityAlerts.edges[0]!.node.id).toBe(low.id);
    expect(page.data!.securityAlerts.pageInfo.hasNextPage).toBe(true);
    const next = await env.security.call<{ securityAlerts: { edges: { node: { id: string } }[] } }>(
      LIST,
      { s: 'OPEN', first: 100, after: page.data!.securityAlerts.pageInfo.endCursor },
      admin(),
    );
    expect(next.data!.securityAlerts.edges.map((e) => e.node.id)).not.toContain(low.id);
    const byKind = await env.security.call<{ securityAlerts: { totalCount: number } }>(
      LIST,
      { k: 'BULK_EXPORT' },
      admin(),
    );
    expect(byKind.data!.securityAlerts.totalCount).toBe(1);

    const dash = await env.security.call<{ securityDashboard: Record<string, unknown> }>(
      DASHBOARD,
      {},
      admin(),
    );
    expect(dash.errors).toBeUndefined();
    const d = dash.data!.securityDashboard as {
      unresolvedAlerts: number;
      criticalOrHigh: number;
      byKind: unknown[];
      lockedUsers: number;
      usersWithMfa: number;
      activeUsers: number;
      recent: { id: string }[];
    };
    const open = page.data!.securityAlerts.totalCount;
    expect(d.unresolvedAlerts).toBe(open);
    expect(d.criticalOrHigh).toBe(open - 1);
    expect(d.byKind).toContainEqual({ key: 'BULK_EXPORT', count: 1 });
    expect(d).toMatchObject({ lockedUsers: 1, usersWithMfa: 1, activeUsers: 1 });
    expect(d.recent[0]!.id).toBe(low.id);
    expect(codeOf(await env.security.call(DASHBOARD, {}, identityFor(tenant, ['employee'])))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('bulk export alerts from domain events', () => {
  it('raises BULK_EXPORT for an export over 1,000 records, once per event, and ignores small ones', async () => {
    const actor = newId();
    const emit = (count: number) =>
      withTenant(env.db, { tenantId: acme }, (tx) =>
        // Any subgraph's outbox works the same; the security outbox is the one this test owns.
        emitEvent(tx, securityOutbox, {
          tenantId: acme,
          type: ConsumedEventTypes.dataExported,
          aggregateType: 'Export',
          aggregateId: newId(),
          data: { entityType: 'Employee', count, actorId: actor, via: 'csv' },
        }),
      );
    await emit(1000);
    await emit(1500);
    const alerts = await eventually(async () => {
      const rows = await withTenant(env.db, { tenantId: acme }, (tx) =>
        tx.select().from(securityAlerts).where(eq(securityAlerts.userId, actor)),
      );
      return rows.length > 0 ? rows : null;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'BULK_EXPORT', severity: 'MEDIUM', status: 'OPEN' });
    expect(alerts[0]!.details).toMatchObject({
      entityType: 'Employee',
      count: 1500,
      threshold: 1000,
      via: 'csv',
    });
  });
});
