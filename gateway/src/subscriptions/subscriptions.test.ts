import { buildSchema, getOperationAST, parse, print } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalescer';
import { approvalNoticeMatches, noticeMatches, replyRelay, watchedScope } from './fields';
import { subscriptionRoot, toTwinQuery } from './rewrite';

const identity = {
  kind: 'user' as const,
  tenantId: 't1',
  userId: 'u1',
  employeeId: null,
  roles: ['admin'],
  permissions: ['*:*:all'],
};

describe('Coalescer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once after quiet, then at most once per interval, ending on a trailing run', async () => {
    vi.useFakeTimers();
    const runs: number[] = [];
    const c = new Coalescer(1000, async () => {
      runs.push(Date.now());
    });
    const t0 = Date.now();
    c.notify();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.map((t) => t - t0)).toEqual([0]);
    // A burst inside the interval collapses into one run when the interval ends.
    for (let i = 0; i < 5; i++) {
      c.notify();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(runs.map((t) => t - t0)).toEqual([0, 1000]);
    // Nothing changed since: no more runs.
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toHaveLength(2);
    c.close();
  });

  it('a change during a run triggers one more run after it', async () => {
    vi.useFakeTimers();
    let release!: () => void;
    let calls = 0;
    const c = new Coalescer(10, () => {
      calls += 1;
      return calls === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    });
    c.notify();
    await vi.advanceTimersByTimeAsync(0);
    c.notify();
    c.notify();
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toBe(2);
    c.close();
  });
});

const schema = buildSchema(/* GraphQL */ `
  input AnalyticsScopeInput { company: Boolean departmentId: ID }
  type Department { id: ID! name: String! }
  type AnalyticsUpdate { roi: String department: Department }
  type Query { analyticsSnapshot(scope: AnalyticsScopeInput!): AnalyticsUpdate! }
  type Subscription { analyticsUpdated(scope: AnalyticsScopeInput!): AnalyticsUpdate! }
`);

describe('subscription → twin query', () => {
  it('keeps arguments, selection, fragments and the response key', () => {
    const document = parse(/* GraphQL */ `
      subscription Live($id: ID!) {
        live: analyticsUpdated(scope: { departmentId: $id }) { ...F department { name } }
      }
      fragment F on AnalyticsUpdate { roi }
    `);
    const operation = getOperationAST(document)!;
    const root = subscriptionRoot(schema, operation, document, { id: 'd1' });
    expect(root.responseKey).toBe('live');
    expect(root.args).toEqual({ scope: { departmentId: 'd1' } });
    const query = toTwinQuery(document, operation, 'analyticsUpdated', 'analyticsSnapshot');
    expect(print(query)).toBe(
      print(
        parse(/* GraphQL */ `
          query Live($id: ID!) {
            live: analyticsSnapshot(scope: { departmentId: $id }) { ...F department { name } }
          }
          fragment F on AnalyticsUpdate { roi }
        `),
      ),
    );
  });

  it('aliases an unaliased field to its subscription name and rewrites root fragments', () => {
    const document = parse(
      `subscription { ...Root } fragment Root on Subscription { analyticsUpdated(scope: { company: true }) { roi } }`,
    );
    const operation = getOperationAST(document)!;
    expect(subscriptionRoot(schema, operation, document, {}).responseKey).toBe('analyticsUpdated');
    expect(print(toTwinQuery(document, operation, 'analyticsUpdated', 'analyticsSnapshot'))).toContain(
      'fragment Root on Query {\n  analyticsUpdated: analyticsSnapshot(scope: {company: true})',
    );
  });

  it('rejects bad variables', () => {
    const document = parse(
      `subscription ($id: ID!) { analyticsUpdated(scope: { departmentId: $id }) { roi } }`,
    );
    expect(() => subscriptionRoot(schema, getOperationAST(document)!, document, {})).toThrow(/\$id/);
  });
});

describe('analytics.changed matching', () => {
  const notice = (tenantId: string, scopes: object[]) => ({ tenantId, scopes, at: '' });

  it('matches the watched scope in the same tenant only', () => {
    const dept = watchedScope({ scope: { departmentId: 'd1' } });
    expect(dept).toEqual({ kind: 'department', id: 'd1' });
    expect(
      noticeMatches(notice('t1', [{ kind: 'company' }, { kind: 'department', id: 'd1' }]), dept, identity),
    ).toBe(true);
    expect(
      noticeMatches(notice('t1', [{ kind: 'company' }, { kind: 'department', id: 'd2' }]), dept, identity),
    ).toBe(false);
    expect(
      noticeMatches(notice('t2', [{ kind: 'company' }, { kind: 'department', id: 'd1' }]), dept, identity),
    ).toBe(false);
    // A company-only notice is a rebuild: every scope refreshes.
    expect(noticeMatches(notice('t1', [{ kind: 'company' }]), dept, identity)).toBe(true);
    expect(
      noticeMatches(
        notice('t1', [{ kind: 'company' }]),
        watchedScope({ scope: { company: true } }),
        identity,
      ),
    ).toBe(true);
    expect(noticeMatches({ tenantId: 't1' }, dept, identity)).toBe(false);
  });
});

describe('reply relay', () => {
  const ev = (seq: number, delta: string, extra: object = {}) => ({
    tenantId: 't1',
    messageId: 'm1',
    seq,
    delta,
    done: false,
    ...extra,
  });

  it('passes an in-order stream through and drops duplicates', () => {
    const out: { delta: string }[] = [];
    const relay = replyRelay((p) => out.push(p as { delta: string }));
    for (const e of [ev(0, 'a'), ev(1, 'b'), ev(1, 'b'), ev(2, '', { done: true })]) relay.receive(e);
    expect(out.map((p) => p.delta).join('')).toBe('ab');
    expect(out).toHaveLength(3);
    relay.close();
  });

  it('holds events after a gap until the replay fills it, sending each character once', () => {
    const out: { delta: string; done?: boolean }[] = [];
    const relay = replyRelay((p) => out.push(p as { delta: string }));
    relay.receive(ev(3, 'd'));
    relay.receive(ev(4, 'e'));
    expect(out).toHaveLength(0);
    relay.receive(ev(3, 'abcd', { replay: true }));
    relay.receive(ev(5, '', { done: true }));
    expect(out.map((p) => p.delta).join('')).toBe('abcde');
    expect(out.at(-1)?.done).toBe(true);
    // A replay after the live events is a duplicate.
    relay.receive(ev(4, 'abcde', { replay: true }));
    expect(out.map((p) => p.delta).join('')).toBe('abcde');
    relay.close();
  });

  it('ignores a replay that covers only what was already sent', () => {
    const out: { delta: string }[] = [];
    const relay = replyRelay((p) => out.push(p as { delta: string }));
    relay.receive(ev(0, 'a'));
    relay.receive(ev(1, 'b'));
    relay.receive(ev(1, 'ab', { replay: true }));
    relay.receive(ev(2, 'c'));
    expect(out.map((p) => p.delta).join('')).toBe('abc');
    relay.close();
  });
});

describe('approvalsChanged notices', () => {
  const notice = (tenantId: string, kinds: string[]) => ({ tenantId, kinds, at: '2026-12-04T00:00:00Z' });

  it('concern a person of the tenant asking for one of the changed kinds (all when kinds is omitted)', () => {
    expect(approvalNoticeMatches(notice('t1', ['offer']), {}, identity)).toBe(true);
    expect(approvalNoticeMatches(notice('t1', ['offer']), { kinds: ['offer', 'shift_swap'] }, identity)).toBe(
      true,
    );
    expect(approvalNoticeMatches(notice('t1', ['offer']), { kinds: ['timesheet_entry'] }, identity)).toBe(
      false,
    );
    expect(approvalNoticeMatches(notice('t2', ['offer']), {}, identity)).toBe(false);
    // An API key has no inbox; a malformed notice concerns nobody.
    expect(approvalNoticeMatches(notice('t1', ['offer']), {}, { ...identity, kind: 'apiKey' as const })).toBe(
      false,
    );
    expect(approvalNoticeMatches({ tenantId: 't1' }, {}, identity)).toBe(false);
    expect(approvalNoticeMatches(null, {}, identity)).toBe(false);
  });
});
