import { type Database, schema, withTenant } from '@wg/db';
import { type CostedLine, type DomainEvent, EventTypes } from '@wg/runtime';
import { createTestDatabase, eventually, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsSubgraph } from '../index';

const ACME = newId();
const GLOBEX = newId();
const alice = identityFor(ACME, ['hr_manager']);
const bob = identityFor(ACME, ['hr_manager']);
const admin = identityFor(ACME, ['admin']);
const staff = identityFor(ACME, ['employee']);
const viewer = identityFor(ACME, ['viewer']);
const globex = identityFor(GLOBEX, ['admin']);

let db: Database & { drop(): Promise<void> };
let insights: Awaited<ReturnType<typeof startTestSubgraph>>;

const START = /* GraphQL */ `
  mutation ($input: StartConversationInput) { startConversation(input: $input) { id title createdAt archivedAt } }
`;
const SEND = /* GraphQL */ `
  mutation ($id: ID!, $content: String!) {
    sendMessage(conversationId: $id, content: $content) {
      message { id role content promptTokens completionTokens createdAt }
      reply { id role content promptTokens completionTokens createdAt }
    }
  }
`;

interface Sent {
  sendMessage: {
    message: {
      id: string;
      role: string;
      content: string;
      promptTokens: number | null;
      completionTokens: number | null;
    };
    reply: {
      id: string;
      role: string;
      content: string;
      promptTokens: number | null;
      completionTokens: number | null;
    };
  };
}

function event(type: string, aggregate: string, id: string, data: object, tenantId = ACME): DomainEvent {
  return {
    id: newId(),
    type,
    tenantId,
    aggregate: { type: aggregate, id },
    occurredAt: new Date().toISOString(),
    data: data as Record<string, unknown>,
  };
}

async function start(identity = alice, title?: string) {
  const res = await insights.call<{ startConversation: { id: string; title: string } }>(
    START,
    { input: title === undefined ? null : { title } },
    identity,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.startConversation;
}

async function ask(identity: typeof alice, id: string, content: string) {
  const res = await insights.call<Sent>(SEND, { id, content }, identity);
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage;
}

async function rowCounts(tenantId = ACME) {
  return withTenant(db, { tenantId }, async (tx) => {
    const [m] = await tx.select({ n: count() }).from(schema.insights.messages);
    const [c] = await tx.select({ n: count() }).from(schema.insights.conversations);
    const [o] = await tx.select({ n: count() }).from(schema.insights.outbox);
    const [a] = await tx.select({ n: count() }).from(schema.insights.auditLog);
    return { messages: m?.n ?? 0, conversations: c?.n ?? 0, outbox: o?.n ?? 0, audit: a?.n ?? 0 };
  });
}

const engineering = newId();
const sales = newId();
const apollo = newId();
const zephyr = newId();
const people = Array.from({ length: 5 }, () => newId());

beforeAll(async () => {
  db = await createTestDatabase();
  insights = await startTestSubgraph(insightsSubgraph, db);
  const line = (
    employeeId: string,
    projectId: string,
    date: string,
    hours: string,
    cost: string,
    revenue: string,
  ) =>
    ({
      entryId: newId(),
      employeeId,
      projectId,
      date,
      hours,
      cost,
      revenue,
      currency: 'EUR',
    }) satisfies CostedLine;
  await insights.bus.publish([
    event(EventTypes.departmentCreated, 'Department', engineering, {
      id: engineering,
      name: 'Engineering',
      parentId: null,
    }),
    event(EventTypes.departmentCreated, 'Department', sales, { id: sales, name: 'Sales', parentId: null }),
    ...people.map((id, i) =>
      event(EventTypes.employeeHired, 'Employee', id, {
        id,
        firstName: `P${i}`,
        lastName: 'Test',
        workEmail: `p${i}@acme.test`,
        departmentId: i < 3 ? engineering : sales,
        managerId: null,
        status: i === 4 ? 'ON_LEAVE' : 'ACTIVE',
        hireDate: '2024-01-01',
      }),
    ),
    event(EventTypes.projectCreated, 'Project', apollo, {
      id: apollo,
      name: 'Apollo Portal',
      code: 'APL',
      departmentId: engineering,
      status: 'ACTIVE',
    }),
    event(EventTypes.projectCreated, 'Project', zephyr, {
      id: zephyr,
      name: 'Zephyr CRM',
      code: 'ZPH',
      departmentId: sales,
      status: 'ACTIVE',
    }),
    event(EventTypes.laborCosted, 'LaborBatch', newId(), {
      entries: [
        line(people[0]!, apollo, '2025-01-10', '10.00', '400.00', '1000.00'),
        line(people[3]!, zephyr, '2025-02-11', '20.00', '600.00', '1200.00'),
        line(people[1]!, apollo, '2025-02-12', '5.00', '100.00', '500.00'),
      ],
    }),
  ]);
  await eventually(async () => {
    const res = await insights.call<{
      companyAnalytics: { employeeCount: number; projectCount: number; hoursLogged: string };
    }>(/* GraphQL */ `{ companyAnalytics { employeeCount projectCount hoursLogged } }`, {}, admin);
    const a = res.data?.companyAnalytics;
    return a?.employeeCount === 4 && a.projectCount === 2 && a.hoursLogged === '35.00';
  });
});

afterAll(async () => {
  await insights?.stop();
  await db?.drop();
});

describe('startConversation', () => {
  it('starts one with the default title, audited and announced', async () => {
    const before = await rowCounts();
    const c = await start();
    expect(c.title).toBe('New conversation');
    expect(await rowCounts()).toMatchObject({
      conversations: before.conversations + 1,
      outbox: before.outbox + 1,
      audit: before.audit + 1,
    });
    expect((await start(alice, '  Q3 numbers  ')).title).toBe('Q3 numbers');
  });

  it('rejects a title over 200 characters and writes nothing', async () => {
    const before = await rowCounts();
    const res = await insights.call(START, { input: { title: 'x'.repeat(201) } }, alice);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.title', message: 'Title must be at most 200 characters' }],
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('is FORBIDDEN without conversation:create', async () => {
    const res = await insights.call(START, {}, viewer);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reads', () => {
  it('lists only the caller’s conversations, newest first, paginated', async () => {
    const carol = identityFor(ACME, ['employee']);
    const ids = [
      (await start(carol, 'one')).id,
      (await start(carol, 'two')).id,
      (await start(carol, 'three')).id,
    ];
    await start(bob, 'bob’s');
    const LIST = /* GraphQL */ `query ($after: String) {
      conversations(first: 2, after: $after) { totalCount edges { node { id title } } pageInfo { hasNextPage endCursor } }
    }`;
    type List = {
      conversations: {
        totalCount: number;
        edges: { node: { id: string; title: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const page1 = (await insights.call<List>(LIST, {}, carol)).data!.conversations;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((e) => e.node.title)).toEqual(['three', 'two']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await insights.call<List>(LIST, { after: page1.pageInfo.endCursor }, carol)).data!
      .conversations;
    expect(page2.edges.map((e) => e.node.id)).toEqual([ids[0]]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const bad = await insights.call(LIST, { after: 'bm9wZQ' }, carol);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after' }],
    });
  });

  it('never shows a conversation to another user or tenant', async () => {
    const { id } = await start(alice, 'private');
    const ONE = /* GraphQL */ `query ($id: ID!) { conversation(id: $id) { id title } }`;
    expect((await insights.call<{ conversation: unknown }>(ONE, { id }, alice)).data?.conversation).toEqual({
      id,
      title: 'private',
    });
    for (const other of [bob, admin, globex]) {
      expect(
        (await insights.call<{ conversation: unknown }>(ONE, { id }, other)).data?.conversation,
      ).toBeNull();
    }
    expect(
      (await insights.call<{ conversation: unknown }>(ONE, { id: 'nope' }, alice)).data?.conversation,
    ).toBeNull();
    const ENTITIES = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Conversation { id title } } }`;
    const r = [{ __typename: 'Conversation', id }];
    expect((await insights.call<{ _entities: unknown[] }>(ENTITIES, { r }, alice)).data?._entities).toEqual([
      { id, title: 'private' },
    ]);
    expect((await insights.call<{ _entities: unknown[] }>(ENTITIES, { r }, bob)).data?._entities).toEqual([
      null,
    ]);
  });
});

describe('batching', () => {
  it('pages the messages of N conversations with a constant number of statements', async () => {
    const dana = identityFor(ACME, ['analyst']);
    for (let i = 0; i < 6; i++) {
      const { id } = await start(dana, `c${i}`);
      await ask(dana, id, 'how many projects?');
    }
    const QUERY = /* GraphQL */ `query ($n: Int) {
      conversations(first: $n) { edges { node { id messages(first: 1) { totalCount edges { node { role } } } } } }
    }`;
    type Res = { conversations: { edges: { node: { messages: { totalCount: number } } }[] } };
    const measure = async (n: number) => {
      const before = db.statements.count;
      const res = await insights.call<Res>(QUERY, { n }, dana);
      expect(res.errors).toBeUndefined();
      expect(res.data!.conversations.edges.every((e) => e.node.messages.totalCount === 2)).toBe(true);
      // Only our reads: the outbox relay polls in the background on the same counter.
      const reads = db.statements.recent
        .slice(-(db.statements.count - before))
        .filter((q) => /"insights"\."(messages|conversations)"/.test(q));
      return { statements: reads.length, rows: res.data!.conversations.edges.length };
    };
    const one = await measure(1);
    const six = await measure(6);
    expect(six.rows).toBe(6);
    // A page of conversations, their count, and one batched query for all their messages.
    expect(six.statements).toBe(one.statements);
    expect(six.statements).toBe(3);
  });
});

describe('sendMessage', () => {
  it('names content when it is empty or too long, and writes nothing', async () => {
    const { id } = await start();
    const before = await rowCounts();
    for (const content of ['', '   ', 'x'.repeat(4001)]) {
      const res = await insights.call(SEND, { id, content }, alice);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(
        ((res.errors?.[0]?.extensions?.fields ?? []) as { field: string }[]).map((f) => f.field),
      ).toEqual(['content']);
    }
    const both = await insights.call(SEND, { id: 'not-an-id', content: '' }, alice);
    expect(
      ((both.errors?.[0]?.extensions?.fields ?? []) as { field: string }[]).map((f) => f.field).sort(),
    ).toEqual(['content', 'conversationId']);
    expect(await rowCounts()).toEqual(before);
  });

  it('is NOT_FOUND for another user’s (or tenant’s, or no) conversation, and writes nothing', async () => {
    const { id } = await start(alice);
    const before = await rowCounts();
    for (const [who, target] of [
      [bob, id],
      [globex, id],
      [alice, newId()],
    ] as const) {
      const res = await insights.call(SEND, { id: target, content: 'what is our headcount?' }, who);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('is FORBIDDEN without a conversation permission', async () => {
    const res = await insights.call(SEND, { id: newId(), content: 'hi' }, viewer);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers headcount from the projection and stores both messages with token counts', async () => {
    const { id } = await start();
    const before = await rowCounts();
    const { message, reply } = await ask(alice, id, 'what is our headcount?');
    expect(message).toMatchObject({ role: 'USER', content: 'what is our headcount?', promptTokens: null });
    expect(reply.role).toBe('ASSISTANT');
    // Four ACTIVE employees (the fifth is on leave): 3 in Engineering, 1 in Sales.
    expect(reply.content).toContain('4 active employees');
    expect(reply.content).toContain('Engineering 3');
    expect(reply.content).toContain('Sales 1');
    expect(reply.promptTokens).toBe(4);
    expect(reply.completionTokens).toBe(reply.content.split(/\s+/).filter(Boolean).length);
    expect(await rowCounts()).toMatchObject({
      messages: before.messages + 2,
      outbox: before.outbox + 1,
      audit: before.audit + 2,
    });

    const history = await insights.call<{
      conversation: { messages: { totalCount: number; edges: { node: { id: string; role: string } }[] } };
    }>(
      /* GraphQL */ `query ($id: ID!) { conversation(id: $id) { messages { totalCount edges { node { id role } } } } }`,
      { id },
      alice,
    );
    expect(history.data!.conversation.messages.totalCount).toBe(2);
    expect(history.data!.conversation.messages.edges.map((e) => e.node)).toEqual([
      { id: message.id, role: 'USER' },
      { id: reply.id, role: 'ASSISTANT' },
    ]);
  });

  it('names the top project by revenue and by ROI', async () => {
    const { id } = await start();
    const byRevenue = (await ask(alice, id, 'top projects by revenue')).reply.content;
    expect(byRevenue).toMatch(
      /^Top projects by revenue:\n1\. Apollo Portal: revenue 1500\.00 EUR, cost 500\.00 EUR/,
    );
    expect(byRevenue).toContain('2. Zephyr CRM: revenue 1200.00 EUR');
    const byRoi = (await ask(alice, id, 'Which projects have the best ROI?')).reply.content;
    // Apollo (1500 − 500) / 500 = 2.0000 beats Zephyr (1200 − 600) / 600 = 1.0000.
    expect(byRoi).toMatch(/^Top projects by ROI:\n1\. Apollo Portal: .*ROI 2\.0000/);
    expect(byRoi).toContain(
      '2. Zephyr CRM: revenue 1200.00 EUR, cost 600.00 EUR, profit 600.00 EUR, ROI 1.0000',
    );
  });

  it('answers money, productivity, counts and the monthly trend with the exact figures', async () => {
    const { id } = await start();
    expect((await ask(alice, id, 'What are our revenue, cost and profit?')).reply.content).toBe(
      'Total revenue is 2700.00 EUR against a labour cost of 1100.00 EUR, a profit of 1600.00 EUR. ' +
        'ROI (profit ÷ cost) is 1.4545.',
    );
    expect((await ask(alice, id, 'how productive are we?')).reply.content).toBe(
      'Productivity is 77.14 EUR of revenue per hour logged (2700.00 EUR over 35.00 hours).',
    );
    expect((await ask(alice, id, 'How many departments and projects do we have?')).reply.content).toBe(
      'You have 2 departments.\n\nYou have 2 projects.',
    );
    expect((await ask(alice, id, 'show the monthly trend')).reply.content).toBe(
      [
        'Monthly trend (EUR, last 2 months with data):',
        '2025-01: revenue 1000.00, cost 400.00, profit 600.00, 10.00 hours',
        '2025-02: revenue 1700.00, cost 700.00, profit 1000.00, 25.00 hours',
      ].join('\n'),
    );
  });

  it('falls back to what it can answer', async () => {
    const { id } = await start();
    const { reply } = await ask(alice, id, 'Write me a poem about spreadsheets');
    expect(reply.content).toContain('What is our headcount?');
    expect(reply.content).toContain('Top projects by revenue');
    expect(reply.content).not.toMatch(/\d+\.\d{2}/);
  });

  it('keeps company figures from a caller who cannot read them', async () => {
    const { id } = await start(staff);
    const { reply } = await ask(staff, id, 'What is our revenue? And our headcount?');
    expect(reply.content).toContain('4 active employees');
    expect(reply.content).toContain('I can’t share company revenue, cost and profit');
    expect(reply.content).not.toContain('2700.00');
  });

  it('answers each tenant from its own data', async () => {
    const { id } = await start(globex);
    expect((await ask(globex, id, 'what is our headcount?')).reply.content).toBe(
      'Your headcount is 0 active employees.',
    );
    const [m] = await withTenant(db, { tenantId: GLOBEX }, (tx) =>
      tx
        .select({ n: count() })
        .from(schema.insights.messages)
        .where(eq(schema.insights.messages.conversationId, id)),
    );
    expect(m?.n).toBe(2);
  });
});
