import { randomUUID } from 'node:crypto';
import { startGateway } from '@wg/gateway';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  type Bus,
  InProcessBus,
  loadSecrets,
  RedisBus,
} from '@wg/runtime';
import { eventually } from '@wg/runtime/testing';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { connect, type ExecutionResult, type LiveClient, subscribe } from './ws-client';

const REDIS_URL = process.env.REDIS_URL;
/** Test files share one Redis: a private key prefix keeps this file's streams and channels its own. */
const newBus = (prefix: string): Bus => (REDIS_URL ? new RedisBus(REDIS_URL, prefix) : new InProcessBus());
const PREFIX = `wg:test:live:${randomUUID()}:`;

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let globex: Awaited<ReturnType<typeof createTenantWithLogins>>;
const ids: Record<string, string> = {};
const clients: LiveClient[] = [];

function ok<T>(res: { data?: T | null; errors?: unknown[] }): T {
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

/** A graphql-ws client on the platform's gateway, closed after the file. */
function live(params: Record<string, unknown>, url = platform.gateway.url): LiveClient {
  const c = connect(url, params);
  clients.push(c);
  return c;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Exact sum of two non-negative two-decimal amounts (hours, money) in the API's format ("11.50"). */
function plus(a: string, b: string): string {
  const cents = (s: string) => {
    const [whole, frac = ''] = s.split('.');
    return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
  };
  const sum = cents(a) + cents(b);
  return `${sum / 100n}.${String(sum % 100n).padStart(2, '0')}`;
}

const DEPARTMENT_LIVE = /* GraphQL */ `
  subscription ($id: ID!) {
    analyticsUpdated(scope: { departmentId: $id }) {
      scope
      department { name headcount }
      headcount
      roi
      hoursLogged
      revenue { amount currency }
      cost { amount }
      profit { amount }
    }
  }
`;
interface DepartmentLive {
  analyticsUpdated: {
    department: { name: string; headcount: number };
    headcount: number;
    roi: string | null;
    hoursLogged: string;
    revenue: { amount: string; currency: string };
    cost: { amount: string };
    profit: { amount: string };
  };
}

async function logTime(hours: string, date: string, employee = ids.dev, token = acme.adminToken) {
  return ok(
    await platform.query<{ logTime: { id: string } }>(
      /* GraphQL */ `mutation ($e: ID!, $p: ID!, $d: String!, $h: Decimal!) {
        logTime(input: { employeeId: $e, projectId: $p, date: $d, hours: $h }) { id }
      }`,
      { e: employee, p: ids.project, d: date, h: hours },
      token,
    ),
  );
}

beforeAll(async () => {
  platform = await startTestPlatform({ bus: newBus(PREFIX) });
  acme = await createTenantWithLogins(platform, 'acme-live');
  globex = await createTenantWithLogins(platform, 'globex-live');
  const q = platform.query;
  const t = acme.adminToken;
  const dept = async (name: string) =>
    ok(
      await q<{ createDepartment: { id: string } }>(
        `mutation ($n: String!) { createDepartment(input: { name: $n }) { id } }`,
        { n: name },
        t,
      ),
    ).createDepartment.id;
  ids.eng = await dept('Engineering');
  ids.sales = await dept('Sales');
  const hire = async (firstName: string, departmentId: string) =>
    ok(
      await q<{ createEmployee: { id: string } }>(
        `mutation ($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }`,
        {
          input: {
            firstName,
            lastName: 'Live',
            workEmail: `${firstName.toLowerCase()}@acme-live.test`,
            hireDate: '2024-01-15',
            departmentId,
          },
        },
        t,
      ),
    ).createEmployee.id;
  ids.dev = await hire('Dev', ids.eng);
  ids.lena = await hire('Lena', ids.eng);
  ids.rita = await hire('Rita', ids.sales);
  ids.project = (
    await eventually(async () => {
      const r = await q<{ createProject: { id: string } }>(
        `mutation ($d: ID!) { createProject(input: { name: "Live Portal", code: "LIV-1", departmentId: $d }) { id } }`,
        { d: ids.eng },
        t,
      );
      return r.data?.createProject;
    })
  ).id;
  await eventually(async () => {
    const r = await q<{ setCompensation: { id: string } }>(
      `mutation ($e: ID!) { setCompensation(input: { employeeId: $e, baseSalary: "104000.00", currency: "USD", payFrequency: ANNUAL, effectiveFrom: "2024-01-01" }) { id } }`,
      { e: ids.dev },
      t,
    );
    return r.data?.setCompensation;
  });
  await eventually(async () => {
    const r = await q<{ setProjectBillingRate: unknown }>(
      `mutation ($p: ID!) { setProjectBillingRate(input: { projectId: $p, hourlyRate: "120.00", currency: "USD" }) { __typename } }`,
      { p: ids.project },
      t,
    );
    return r.data?.setProjectBillingRate;
  });
  // Insights knows the department once people's events reached it.
  await eventually(async () => {
    const r = await q<{ departmentAnalytics: { headcount: number } }>(
      `query ($id: ID!) { departmentAnalytics(id: $id) { headcount } }`,
      { id: ids.eng },
      t,
    );
    return r.data?.departmentAnalytics?.headcount === 2;
  }, 20_000);
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose().catch(() => undefined)));
  await platform?.stop();
});

describe('analyticsUpdated through the gateway', () => {
  it('pushes department figures from two subgraphs after time is logged, matching departmentAnalytics', async () => {
    const c = live(bearer(acme.adminToken));
    const sub = subscribe<DepartmentLive>(c, DEPARTMENT_LIVE, { id: ids.eng });
    // First push: the current figures, with `department { name headcount }` from people.
    const first = await sub.waitFor((r) => !!r.data);
    expect(first.errors).toBeUndefined();
    expect(first.data?.analyticsUpdated.department).toEqual({ name: 'Engineering', headcount: 2 });
    // Other tests here log time on the same project, in any order: figures are checked as increments.
    const before = first.data!.analyticsUpdated;

    await logTime('7.50', '2025-03-03');
    const pushed = await sub.waitFor(
      (r) => r.data?.analyticsUpdated.hoursLogged === plus(before.hoursLogged, '7.50'),
      30_000,
    );
    expect(pushed.errors).toBeUndefined();
    const fresh = ok(
      await platform.query<{
        departmentAnalytics: Omit<DepartmentLive['analyticsUpdated'], 'department'> & {
          department: { name: string; headcount: number };
        };
      }>(
        /* GraphQL */ `query ($id: ID!) {
          departmentAnalytics(id: $id) {
            department { name headcount } headcount roi hoursLogged
            revenue { amount currency } cost { amount } profit { amount }
          }
        }`,
        { id: ids.eng },
        acme.adminToken,
      ),
    ).departmentAnalytics;
    const { scope, ...numbers } = pushed.data!.analyticsUpdated as DepartmentLive['analyticsUpdated'] & {
      scope: string;
    };
    expect(scope).toBe('DEPARTMENT');
    expect(numbers).toEqual(fresh);
    // 7.5 h × 120.00 billed.
    expect(numbers.revenue.amount).toBe(plus(before.revenue.amount, '900.00'));
    sub.stop();
  });

  it('coalesces a burst of writes into few pushes and ends on the latest numbers', async () => {
    const c = live(bearer(acme.adminToken));
    const sub = subscribe<DepartmentLive>(c, DEPARTMENT_LIVE, { id: ids.eng });
    const initial = await sub.waitFor((r) => !!r.data);
    const start = sub.results.length;
    // On top of what the other tests here logged before it, in any order.
    const target = plus(initial.data!.analyticsUpdated.hoursLogged, '4.00');
    for (const day of ['2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07']) await logTime('1.00', day);
    const fresh = async () =>
      ok(
        await platform.query<{ departmentAnalytics: { hoursLogged: string } }>(
          `query ($id: ID!) { departmentAnalytics(id: $id) { hoursLogged } }`,
          { id: ids.eng },
          acme.adminToken,
        ),
      ).departmentAnalytics.hoursLogged;
    await eventually(async () => (await fresh()) === target, 30_000);
    const last = await sub.waitFor((r) => r.data?.analyticsUpdated.hoursLogged === target, 30_000, start);
    expect(last.errors).toBeUndefined();
    sub.stop();
  });

  it('refuses a scope the caller may not read with FORBIDDEN, and another tenant’s id with NOT_FOUND', async () => {
    const viewer = live(bearer(acme.viewerToken));
    const denied = subscribe(viewer, DEPARTMENT_LIVE, { id: ids.eng });
    const errors = await denied.failed;
    expect(errors[0]?.extensions?.code).toBe('FORBIDDEN');

    const other = live(bearer(globex.adminToken));
    const foreign = subscribe(other, DEPARTMENT_LIVE, { id: ids.eng });
    expect((await foreign.failed)[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a subscriber of another tenant receives nothing from acme’s writes', async () => {
    const mine = subscribe<{ analyticsUpdated: { hoursLogged: string } }>(
      live(bearer(acme.adminToken)),
      `subscription { analyticsUpdated(scope: { company: true }) { hoursLogged } }`,
    );
    const theirs = subscribe<{ analyticsUpdated: { hoursLogged: string } }>(
      live(bearer(globex.adminToken)),
      `subscription { analyticsUpdated(scope: { company: true }) { hoursLogged } }`,
    );
    const initial = await mine.waitFor((r) => !!r.data);
    await theirs.waitFor((r) => !!r.data);
    await logTime('2.00', '2025-03-10');
    await mine.waitFor(
      (r) => r.data?.analyticsUpdated.hoursLogged !== initial.data?.analyticsUpdated.hoursLogged,
      30_000,
    );
    // Acme's push has arrived; give a stray cross-tenant push more than a coalescing interval to show up.
    await new Promise((r) => setTimeout(r, 1500));
    expect(theirs.results).toHaveLength(1);
    expect(theirs.results[0]?.data?.analyticsUpdated.hoursLogged).toBe('0.00');
    mine.stop();
    theirs.stop();
  });
});

describe('streamed assistant replies', () => {
  const START = `mutation { startConversation(input: { title: "Live" }) { id } }`;
  const SEND = /* GraphQL */ `mutation ($id: ID!, $c: String!) {
    sendMessage(conversationId: $id, content: $c) { message { id role content } replyId }
  }`;
  const REPLY = /* GraphQL */ `subscription ($id: ID!) {
    conversationReply(conversationId: $id) { messageId delta done error usage { promptTokens completionTokens } }
  }`;
  interface ReplyEvent {
    conversationReply: {
      messageId: string;
      delta: string;
      done: boolean;
      error: string | null;
      usage: { promptTokens: number; completionTokens: number } | null;
    };
  }
  const stored = async (conversationId: string, token = acme.adminToken) =>
    ok(
      await platform.query<{
        conversation: {
          messages: {
            edges: {
              node: {
                id: string;
                role: string;
                content: string;
                promptTokens: number | null;
                completionTokens: number | null;
              };
            }[];
          };
        };
      }>(
        `query ($id: ID!) { conversation(id: $id) { messages(first: 50) { edges { node { id role content promptTokens completionTokens } } } } }`,
        { id: conversationId },
        token,
      ),
    ).conversation.messages.edges.map((e) => e.node);

  it('streams deltas, then done; the stored reply equals the concatenated deltas', async () => {
    const conversation = ok(
      await platform.query<{ startConversation: { id: string } }>(START, {}, acme.adminToken),
    ).startConversation;
    const sub = subscribe<ReplyEvent>(live(bearer(acme.adminToken)), REPLY, { id: conversation.id });
    // The subscription is live once the server answered the access check; an empty conversation has no replay.
    await new Promise((r) => setTimeout(r, 300));
    const sent = ok(
      await platform.query<{ sendMessage: { message: { role: string; content: string }; replyId: string } }>(
        SEND,
        { id: conversation.id, c: 'What is our headcount by department?' },
        acme.adminToken,
      ),
    ).sendMessage;
    expect(sent.message).toMatchObject({ role: 'USER', content: 'What is our headcount by department?' });

    const done = await sub.waitFor((r) => r.data?.conversationReply.done === true);
    const events = sub.results
      .map((r) => r.data!.conversationReply)
      .filter((e) => e.messageId === sent.replyId);
    const deltas = events.filter((e) => !e.done && e.delta !== '');
    expect(deltas.length).toBeGreaterThan(1);
    expect(events[events.length - 1]).toBe(done.data!.conversationReply);
    expect(done.data!.conversationReply.error).toBeNull();
    const text = events.map((e) => e.delta).join('');
    expect(text).toContain('Your headcount is 3 employees (active or on leave).');

    const messages = await stored(conversation.id);
    const reply = messages.find((m) => m.id === sent.replyId)!;
    expect(reply.role).toBe('ASSISTANT');
    expect(reply.content).toBe(text);
    expect({ promptTokens: reply.promptTokens, completionTokens: reply.completionTokens }).toEqual(
      done.data!.conversationReply.usage,
    );
    sub.stop();
  });

  it('a subscriber that joins mid-reply still gets the whole text (replay of the part already sent)', async () => {
    const previous = process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS;
    // Slow the local assistant down so the reply is certainly still being written when we subscribe.
    process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS = '60';
    try {
      const conversation = ok(
        await platform.query<{ startConversation: { id: string } }>(START, {}, acme.adminToken),
      ).startConversation;
      const sent = ok(
        await platform.query<{ sendMessage: { replyId: string } }>(
          SEND,
          {
            id: conversation.id,
            c: 'Headcount by department, top projects by revenue and the monthly trend?',
          },
          acme.adminToken,
        ),
      ).sendMessage;
      await new Promise((r) => setTimeout(r, 250));
      const sub = subscribe<ReplyEvent>(live(bearer(acme.adminToken)), REPLY, { id: conversation.id });
      await sub.waitFor((r) => r.data?.conversationReply.done === true, 30_000);
      const events = sub.results
        .map((r) => r.data!.conversationReply)
        .filter((e) => e.messageId === sent.replyId);
      const reply = (await stored(conversation.id)).find((m) => m.id === sent.replyId)!;
      // The first delta is the replay: more than one chunk's worth of text.
      expect(events[0]!.delta.split(/\s+/).length).toBeGreaterThan(4);
      expect(events.map((e) => e.delta).join('')).toBe(reply.content);
      sub.stop();
    } finally {
      if (previous === undefined) delete process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS;
      else process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS = previous;
    }
  });

  it('another tenant cannot subscribe to the conversation (NOT_FOUND) and sees none of its events', async () => {
    const conversation = ok(
      await platform.query<{ startConversation: { id: string } }>(START, {}, acme.adminToken),
    ).startConversation;
    const intruder = subscribe(live(bearer(globex.adminToken)), REPLY, { id: conversation.id });
    expect((await intruder.failed)[0]?.extensions?.code).toBe('NOT_FOUND');
    // Someone else in the same tenant: their conversations are private too.
    const colleague = subscribe(live(bearer(acme.employeeToken)), REPLY, { id: conversation.id });
    expect((await colleague.failed)[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('connection authentication', () => {
  it('closes 4401 without credentials and 4403 with a bad token', async () => {
    expect((await live({}).closed).code).toBe(4401);
    expect((await live(bearer('not-a-jwt')).closed).code).toBe(4403);
    expect((await live({ 'x-api-key': 'wgk_000000000000_nope' }).closed).code).toBe(4403);
  });

  it('accepts the header names in any case (GraphiQL sends `Authorization`) and closes 4403 when the token expires', async () => {
    const secrets = await loadSecrets();
    const key = await importPKCS8(secrets.jwtPrivateKey, 'EdDSA');
    const now = Math.floor(Date.now() / 1000);
    // A real user and live session: the gateway confirms both (revocation) before it accepts a token.
    const admin = decodeJwt(acme.adminToken);
    const shortLived = await new SignJWT({ tid: acme.tenantId, roles: ['admin'], sid: admin.sid })
      .setProtectedHeader({ alg: 'EdDSA', kid: secrets.jwtKeyId, typ: 'JWT' })
      .setSubject(admin.sub!)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 2)
      .sign(key);
    const c = live({ Authorization: `Bearer ${shortLived}` });
    await c.connected;
    const closed = await c.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toBe('Token expired');
  });
});

describe('API keys on the socket', () => {
  it('subscribes with x-api-key, and a revoked key is cut off at the next credential check (4403)', async () => {
    const created = ok(
      await platform.query<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
        /* GraphQL */ `mutation {
          createApiKey(input: { name: "wallboard", permissions: ["analytics:read:all"] }) { secret apiKey { id } }
        }`,
        {},
        acme.adminToken,
      ),
    ).createApiKey;
    const previous = process.env.LIVE_REAUTH_INTERVAL_MS;
    process.env.LIVE_REAUTH_INTERVAL_MS = '300';
    try {
      const c = live({ 'X-Api-Key': created.secret });
      const sub = subscribe<{ analyticsUpdated: { hoursLogged: string } }>(
        c,
        `subscription { analyticsUpdated(scope: { company: true }) { hoursLogged } }`,
      );
      const first = await sub.waitFor((r) => !!r.data);
      expect(first.errors).toBeUndefined();
      ok(
        await platform.query(
          `mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`,
          { id: created.apiKey.id },
          acme.adminToken,
        ),
      );
      expect((await c.closed).code).toBe(4403);
    } finally {
      if (previous === undefined) delete process.env.LIVE_REAUTH_INTERVAL_MS;
      else process.env.LIVE_REAUTH_INTERVAL_MS = previous;
    }
  });
});

describe('two gateway processes behind one Redis', () => {
  it.skipIf(!REDIS_URL)(
    'both deliver a change to their own subscribers (skipped without REDIS_URL)',
    async () => {
      // A second gateway with its own Redis connections (its own RedisBus), as a separate process would have.
      const bus = newBus(PREFIX);
      const second = await startGateway({
        port: 0,
        bus,
        subgraphUrls: Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url])),
      });
      try {
        const query = `subscription { analyticsUpdated(scope: { company: true }) { hoursLogged } }`;
        const a = subscribe<{ analyticsUpdated: { hoursLogged: string } }>(
          live(bearer(acme.adminToken)),
          query,
        );
        const b = subscribe<{ analyticsUpdated: { hoursLogged: string } }>(
          live(bearer(acme.adminToken), second.url),
          query,
        );
        const first = await a.waitFor((r) => !!r.data);
        await b.waitFor((r) => !!r.data);
        await logTime('3.00', '2025-03-12');
        const changed = (r: ExecutionResult<{ analyticsUpdated: { hoursLogged: string } }>) =>
          !!r.data && r.data.analyticsUpdated.hoursLogged !== first.data?.analyticsUpdated.hoursLogged;
        const [pa, pb] = await Promise.all([a.waitFor(changed, 30_000), b.waitFor(changed, 30_000)]);
        expect(pb.data).toEqual(pa.data);
        a.stop();
        b.stop();
      } finally {
        await second.stop();
        await bus.close();
      }
    },
  );
});
