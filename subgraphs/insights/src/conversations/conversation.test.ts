import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/insights';
import type { CostedLine } from '@wg/finance/events';
import { createContext, type DomainEvent, maskError, rootLogger } from '@wg/runtime';
import {
  codeOf,
  createTestDatabase,
  eventually,
  identityFor,
  newId,
  pinClock,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { type ExecutionResult, parse, subscribe } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsSubgraph } from '../index';
import { conversationReplyChannel, type ReplyEventMessage } from '../live/channels';
import { ANALYTICS_CHANGED_CHANNEL } from '../projections/notify';
import { buildInsightsSchema } from '../schema';

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
      replyId
    }
  }
`;

interface StoredMessage {
  id: string;
  role: string;
  content: string;
  promptTokens: number | null;
  completionTokens: number | null;
}
interface Sent {
  sendMessage: { message: StoredMessage; replyId: string };
}

// The local assistant paces its chunks for display; these tests only want the stored reply.
process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS = '0';

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

const MESSAGES = /* GraphQL */ `query ($id: ID!) {
  conversation(id: $id) { messages(first: 100) { edges { node { id role content promptTokens completionTokens } } } }
}`;

/** Sends a question and waits until its streamed reply is stored; returns both messages. */
async function ask(identity: typeof alice, id: string, content: string) {
  const res = await insights.call<Sent>(SEND, { id, content }, identity);
  expect(res.errors).toBeUndefined();
  const { message, replyId } = res.data!.sendMessage;
  const reply = await eventually(async () => {
    const r = await insights.call<{ conversation: { messages: { edges: { node: StoredMessage }[] } } }>(
      MESSAGES,
      { id },
      identity,
    );
    return r.data?.conversation.messages.edges.map((e) => e.node).find((m) => m.id === replyId);
  });
  return { message, reply };
}

async function rowCounts(tenantId = ACME) {
  return withTenant(db, { tenantId }, async (tx) => {
    const [m] = await tx.select({ n: count() }).from(tables.messages);
    const [c] = await tx.select({ n: count() }).from(tables.conversations);
    const [o] = await tx.select({ n: count() }).from(tables.outbox);
    const [a] = await tx.select({ n: count() }).from(tables.auditLog);
    return { messages: m?.n ?? 0, conversations: c?.n ?? 0, outbox: o?.n ?? 0, audit: a?.n ?? 0 };
  });
}

const engineering = newId();
const sales = newId();
const apollo = newId();
const zephyr = newId();
const people = Array.from({ length: 5 }, () => newId());

/** "Today" for the figures here: the 12 complete months end with February 2025. */
let unpin: () => void;

beforeAll(async () => {
  unpin = pinClock('2025-03-15T12:00:00Z');
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
    event('people.department.created', 'Department', engineering, {
      id: engineering,
      name: 'Engineering',
      parentId: null,
    }),
    event('people.department.created', 'Department', sales, { id: sales, name: 'Sales', parentId: null }),
    ...people.map((id, i) =>
      event('people.employee.hired', 'Employee', id, {
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
    event('work.project.created', 'Project', apollo, {
      id: apollo,
      name: 'Apollo Portal',
      code: 'APL',
      departmentId: engineering,
      status: 'ACTIVE',
    }),
    event('work.project.created', 'Project', zephyr, {
      id: zephyr,
      name: 'Zephyr CRM',
      code: 'ZPH',
      departmentId: sales,
      status: 'ACTIVE',
    }),
    event('finance.labor.costed', 'LaborBatch', newId(), {
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
    // Headcount counts everyone on the books (the fifth person is ON_LEAVE).
    return a?.employeeCount === 5 && a.projectCount === 2 && a.hoursLogged === '35.00';
  });
});

afterAll(async () => {
  await insights?.stop();
  await db?.drop();
  unpin?.();
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
    // Five on the books (one of them on leave): 3 in Engineering, 2 in Sales.
    expect(reply.content).toContain('Your headcount is 5 employees (active or on leave).');
    expect(reply.content).toContain('Engineering 3');
    expect(reply.content).toContain('Sales 2');
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
      'Total revenue is 2700.00 EUR against an employment cost of 0.00 EUR (salaries of everyone employed, ' +
        'pro-rated to today; labour on logged hours 1100.00 EUR), a profit of 2700.00 EUR. ' +
        'ROI is undefined while the employment cost is zero.',
    );
    expect((await ask(alice, id, 'how productive are we?')).reply.content).toBe(
      'Productivity is 77.14 EUR of revenue per hour logged (2700.00 EUR over 35.00 hours).',
    );
    expect((await ask(alice, id, 'How many departments and projects do we have?')).reply.content).toBe(
      'You have 2 departments.\n\nYou have 2 projects.',
    );
    expect((await ask(alice, id, 'show the monthly trend')).reply.content).toBe(
      [
        'Monthly trend (EUR, the last 12 complete months; 2 months with data):',
        '2025-01: revenue 1000.00, cost 0.00, profit 1000.00, 10.00 hours',
        '2025-02: revenue 1700.00, cost 0.00, profit 1700.00, 25.00 hours',
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
    expect(reply.content).toContain('5 employees');
    expect(reply.content).toContain('I can’t share company revenue, cost and profit');
    expect(reply.content).not.toContain('2700.00');
  });

  it('answers each tenant from its own data', async () => {
    const { id } = await start(globex);
    expect((await ask(globex, id, 'what is our headcount?')).reply.content).toBe(
      'Your headcount is 0 employees (active or on leave).',
    );
    const [m] = await withTenant(db, { tenantId: GLOBEX }, (tx) =>
      tx.select({ n: count() }).from(tables.messages).where(eq(tables.messages.conversationId, id)),
    );
    expect(m?.n).toBe(2);
  });
});

/** Collects one conversation's reply events from the bus until `done`. */
async function replyEvents(conversationId: string, tenantId = ACME) {
  const events: ReplyEventMessage[] = [];
  let finished!: () => void;
  const done = new Promise<void>((r) => {
    finished = r;
  });
  const stop = await insights.bus.subscribeTransient(
    conversationReplyChannel(tenantId, conversationId),
    (m) => {
      events.push(m as ReplyEventMessage);
      if ((m as ReplyEventMessage).done) finished();
    },
  );
  return {
    events,
    done: async () => {
      await done;
      await stop();
      return events;
    },
  };
}

describe('streamed replies', () => {
  it('returns the question at once and streams the reply: numbered deltas, then done after it is stored', async () => {
    const previous = process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS;
    process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS = '20';
    try {
      const { id } = await start();
      const stream = await replyEvents(id);
      const res = await insights.call<Sent>(SEND, { id, content: 'top projects by revenue' }, alice);
      expect(res.errors).toBeUndefined();
      const { message, replyId } = res.data!.sendMessage;
      expect(message).toMatchObject({ role: 'USER', content: 'top projects by revenue' });
      // Returned before the reply finished streaming.
      expect(stream.events.some((e) => e.done)).toBe(false);
      const events = await stream.done();
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
      expect(events.every((e) => e.messageId === replyId && e.tenantId === ACME)).toBe(true);
      const deltas = events.filter((e) => !e.done);
      expect(deltas.length).toBeGreaterThan(1);
      const last = events[events.length - 1]!;
      expect(last).toMatchObject({ done: true, error: null });
      // `done` is sent after the reply is stored: readable right away, equal to the deltas.
      const r = await insights.call<{ conversation: { messages: { edges: { node: StoredMessage }[] } } }>(
        MESSAGES,
        { id },
        alice,
      );
      const reply = r.data!.conversation.messages.edges.map((e) => e.node).find((m) => m.id === replyId)!;
      expect(reply.content).toBe(deltas.map((e) => e.delta).join(''));
      expect(last.usage).toEqual({
        promptTokens: reply.promptTokens,
        completionTokens: reply.completionTokens,
      });
    } finally {
      process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS = previous;
    }
  });

  it('is CONFLICT while the previous reply is still being written, and writes nothing', async () => {
    const previous = process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS;
    process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS = '50';
    try {
      const { id } = await start();
      const stream = await replyEvents(id);
      expect(
        (await insights.call(SEND, { id, content: 'show the monthly trend' }, alice)).errors,
      ).toBeUndefined();
      const before = await rowCounts();
      const second = await insights.call(SEND, { id, content: 'and the headcount?' }, alice);
      expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const after = await rowCounts();
      expect(after.messages).toBe(before.messages);
      await stream.done();
    } finally {
      process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS = previous;
    }
  });
});

describe('archive, search and summaries', () => {
  const ARCHIVE = `mutation ($id: ID!) { archiveConversation(id: $id) { id archivedAt } }`;
  const REOPEN = `mutation ($id: ID!) { reopenConversation(id: $id) { id archivedAt } }`;
  const LIST = /* GraphQL */ `query ($f: ConversationFilter) {
    conversations(first: 50, filter: $f) { totalCount edges { node { id title } } }
  }`;
  type List = { conversations: { totalCount: number; edges: { node: { id: string; title: string } }[] } };

  it('archives and reopens, audited; archived conversations take no messages; illegal transitions CONFLICT', async () => {
    const { id } = await start(alice, 'to archive');
    const before = await rowCounts();
    const archived = await insights.call<{ archiveConversation: { archivedAt: string | null } }>(
      ARCHIVE,
      { id },
      alice,
    );
    expect(archived.data?.archiveConversation.archivedAt).toEqual(expect.any(String));
    expect(await rowCounts()).toMatchObject({ outbox: before.outbox + 1, audit: before.audit + 1 });
    expect((await insights.call(ARCHIVE, { id }, alice)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await insights.call(SEND, { id, content: 'hello?' }, alice)).errors?.[0]?.extensions?.code).toBe(
      'CONFLICT',
    );
    const reopened = await insights.call<{ reopenConversation: { archivedAt: string | null } }>(
      REOPEN,
      { id },
      alice,
    );
    expect(reopened.data?.reopenConversation.archivedAt).toBeNull();
    expect((await insights.call(REOPEN, { id }, alice)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('archive is NOT_FOUND for someone else’s conversation, BAD_USER_INPUT for a malformed id, FORBIDDEN for a viewer', async () => {
    const { id } = await start(alice);
    const before = await rowCounts();
    for (const who of [bob, globex]) {
      expect((await insights.call(ARCHIVE, { id }, who)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const bad = await insights.call(ARCHIVE, { id: 'nope' }, alice);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'conversationId' }],
    });
    expect((await insights.call(ARCHIVE, { id }, viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await rowCounts()).toEqual(before);
  });

  it('searches titles and message text (case-insensitive, literal), and filters archived/open', async () => {
    const erin = identityFor(ACME, ['analyst']);
    const budget = await start(erin, 'Budget 100% review');
    const other = await start(erin, 'Misc');
    await ask(erin, other.id, 'Which projects have the best ROI?');
    await insights.call(ARCHIVE, { id: budget.id }, erin);
    const titles = async (f: object) =>
      (await insights.call<List>(LIST, { f }, erin))
        .data!.conversations.edges.map((e) => e.node.title)
        .sort();
    expect(await titles({ search: 'budget' })).toEqual(['Budget 100% review']);
    expect(await titles({ search: 'best roi' })).toEqual(['Misc']);
    // `%` is a literal character, not a wildcard.
    expect(await titles({ search: '100%' })).toEqual(['Budget 100% review']);
    expect(await titles({ search: '0%r' })).toEqual([]);
    expect(await titles({ archived: true })).toEqual(['Budget 100% review']);
    expect(await titles({ archived: false })).toEqual(['Misc']);
    expect(await titles({})).toEqual(['Budget 100% review', 'Misc']);
    // Another user's matching conversation never shows.
    await start(bob, 'Budget for bob');
    expect(await titles({ search: 'budget' })).toEqual(['Budget 100% review']);
    const long = await insights.call(LIST, { f: { search: 'x'.repeat(201) } }, erin);
    expect(long.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'filter.search' }],
    });
  });

  it('summarises a conversation from its questions and stores the summary', async () => {
    const { id } = await start(alice, 'Quarterly');
    await ask(alice, id, 'What is our headcount?');
    await ask(alice, id, 'Top projects by ROI');
    const res = await insights.call<{ summarizeConversation: { summary: string; summarizedAt: string } }>(
      `mutation ($id: ID!) { summarizeConversation(id: $id) { summary summarizedAt } }`,
      { id },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.summarizeConversation.summary).toBe(
      '“Quarterly”: 2 questions asked, about headcount, project rankings. Last question: “Top projects by ROI”.',
    );
    const stored = await insights.call<{ conversation: { summary: string } }>(
      `query ($id: ID!) { conversation(id: $id) { summary } }`,
      { id },
      alice,
    );
    expect(stored.data?.conversation.summary).toBe(res.data!.summarizeConversation.summary);
    const foreign = await insights.call(
      `mutation ($id: ID!) { summarizeConversation(id: $id) { id } }`,
      { id },
      bob,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('suggests prompts by role, only ones answered with figures the caller may see', async () => {
    const prompts = async (who: typeof alice) =>
      (await insights.call<{ suggestedPrompts: string[] }>(`{ suggestedPrompts }`, {}, who)).data!
        .suggestedPrompts;
    const forAdmin = await prompts(admin);
    expect(forAdmin).toContain('What are our revenue, cost, profit and ROI?');
    const forStaff = await prompts(staff);
    expect(forStaff.length).toBeGreaterThan(0);
    expect(forStaff.join(' ')).not.toMatch(/revenue|ROI|profit/i);
    // Each suggestion, asked, gets an answer rather than a refusal.
    const { id } = await start(staff);
    for (const prompt of forStaff) {
      expect((await ask(staff, id, prompt)).reply.content).not.toContain('I can’t share');
    }
    expect((await insights.call(`{ suggestedPrompts }`, {}, viewer)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('OpenAI-compatible assistant (OPENAI_API_KEY)', () => {
  let server: Server;
  let baseURL: string;
  const requests: { path: string; auth: string | undefined; body: Record<string, unknown> }[] = [];
  const saved: Record<string, string | undefined> = {};
  const PIECES = ['You have ', '5 employees', ' on the books', ', 3 of them in Engineering.'];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        requests.push({ path: req.url ?? '', auth: req.headers.authorization, body });
        const base = { id: 'chatcmpl-test', created: 1_700_000_000, model: String(body.model) };
        if (!body.stream) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              ...base,
              object: 'chat.completion',
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: 'They asked about headcount.' },
                  finish_reason: 'stop',
                },
              ],
              usage: { prompt_tokens: 42, completion_tokens: 5, total_tokens: 47 },
            }),
          );
          return;
        }
        // Server-sent events, one chunk at a time, as OpenAI streams them.
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const chunks = [
          ...PIECES.map((content, i) => ({
            ...base,
            object: 'chat.completion.chunk',
            choices: [
              {
                index: 0,
                delta: i === 0 ? { role: 'assistant', content } : { content },
                finish_reason: null,
              },
            ],
          })),
          {
            ...base,
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
          },
          {
            ...base,
            object: 'chat.completion.chunk',
            choices: [],
            usage: { prompt_tokens: 321, completion_tokens: 12, total_tokens: 333 },
          },
        ];
        let i = 0;
        const tick = () => {
          if (i < chunks.length) {
            res.write(`data: ${JSON.stringify(chunks[i++])}\n\n`);
            setTimeout(tick, 10);
          } else {
            res.end('data: [DONE]\n\n');
          }
        };
        tick();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    for (const k of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL']) saved[k] = process.env[k];
    process.env.OPENAI_API_KEY = 'sk-test-local';
    process.env.OPENAI_BASE_URL = baseURL;
    process.env.OPENAI_MODEL = 'local-test-model';
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await new Promise((r) => server?.close(r));
  });

  it('streams the completion through the SDK, grounded in the caller’s figures, and stores it with the server’s usage', async () => {
    const { id } = await start(alice, 'via model');
    const stream = await replyEvents(id);
    const seen = requests.length;
    const res = await insights.call<Sent>(SEND, { id, content: 'How many people do we employ?' }, alice);
    expect(res.errors).toBeUndefined();
    const events = await stream.done();
    const deltas = events.filter((e) => !e.done).map((e) => e.delta);
    expect(deltas).toEqual(PIECES);
    expect(events[events.length - 1]).toMatchObject({
      done: true,
      error: null,
      usage: { promptTokens: 321, completionTokens: 12 },
    });

    // This send's request: the other tests here stream through the same server, in any order.
    const streamed = requests.slice(seen).filter((r) => r.body.stream === true);
    expect(streamed).toHaveLength(1);
    const request = streamed[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.auth).toBe('Bearer sk-test-local');
    expect(request.body).toMatchObject({
      model: 'local-test-model',
      stream: true,
      stream_options: { include_usage: true },
    });
    const messages = request.body.messages as { role: string; content: string }[];
    expect(messages[0]!.role).toBe('system');
    // Role framing (hr_manager) and the figures alice may see, from the projections.
    expect(messages[0]!.content).toContain('an HR manager');
    expect(messages[0]!.content).toContain('Your headcount is 5 employees (active or on leave).');
    expect(messages[messages.length - 1]).toEqual({ role: 'user', content: 'How many people do we employ?' });

    const r = await insights.call<{ conversation: { messages: { edges: { node: StoredMessage }[] } } }>(
      MESSAGES,
      { id },
      alice,
    );
    const reply = r
      .data!.conversation.messages.edges.map((e) => e.node)
      .find((m) => m.id === res.data!.sendMessage.replyId)!;
    expect(reply).toMatchObject({ content: PIECES.join(''), promptTokens: 321, completionTokens: 12 });
  });

  it('never puts figures the caller may not read into the prompt', async () => {
    const { id } = await start(staff, 'staff via model');
    const stream = await replyEvents(id);
    const seen = requests.length;
    await insights.call<Sent>(SEND, { id, content: 'What is our revenue?' }, staff);
    await stream.done();
    const streamed = requests.slice(seen).filter((r) => r.body.stream === true);
    expect(streamed).toHaveLength(1);
    const request = streamed[0]!;
    const system = (request.body.messages as { content: string }[])[0]!.content;
    expect(system).toContain('an employee');
    expect(system).not.toContain('2700.00');
    expect(system).not.toMatch(/revenue \d/);
  });

  it('summarises with the model', async () => {
    const { id } = await start(alice, 'summarise me');
    await ask(alice, id, 'How many people do we employ?');
    const res = await insights.call<{ summarizeConversation: { summary: string } }>(
      `mutation ($id: ID!) { summarizeConversation(id: $id) { summary } }`,
      { id },
      alice,
    );
    expect(res.data?.summarizeConversation.summary).toBe('They asked about headcount.');
  });

  it('tells subscribers when the model fails, stores no reply, and frees the conversation', async () => {
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
    try {
      const { id } = await start(alice, 'broken model');
      const stream = await replyEvents(id);
      const before = await rowCounts();
      await insights.call<Sent>(SEND, { id, content: 'headcount?' }, alice);
      const events = await stream.done();
      expect(events[events.length - 1]).toMatchObject({
        done: true,
        error: expect.stringContaining('could not answer'),
      });
      // Only the question was stored.
      expect((await rowCounts()).messages).toBe(before.messages + 1);
    } finally {
      process.env.OPENAI_BASE_URL = baseURL;
    }
  });
});

describe('subscription fields on the subgraph schema (what the gateway engine mirrors)', () => {
  const contextFor = (identity: typeof alice) =>
    createContext({
      identity,
      requestId: newId(),
      log: rootLogger,
      database: db,
      bus: insights.bus,
      createLoaders: insightsSubgraph.createLoaders,
    });
  // Raw `subscribe` skips Apollo's formatError: format the errors as a client would get them.
  const asSent = (result: ExecutionResult) => ({
    errors: result.errors?.map((e) => maskError(e.toJSON(), e, () => undefined)),
  });
  const run = async (identity: typeof alice, query: string, variableValues: Record<string, unknown>) =>
    subscribe({
      schema: await buildInsightsSchema(),
      document: parse(query),
      variableValues,
      contextValue: contextFor(identity),
    });

  it('conversationReply yields the caller’s reply events; someone else’s conversation is NOT_FOUND', async () => {
    const { id } = await start();
    const stream = (await run(
      alice,
      `subscription ($id: ID!) { conversationReply(conversationId: $id) { messageId delta done } }`,
      {
        id,
      },
    )) as AsyncIterableIterator<
      ExecutionResult<{ conversationReply: { messageId: string; delta: string; done: boolean } }>
    >;
    const sent = (await insights.call<Sent>(SEND, { id, content: 'how many projects?' }, alice)).data!
      .sendMessage;
    const events: { messageId: string; delta: string; done: boolean }[] = [];
    for await (const r of stream) {
      events.push(r.data!.conversationReply);
      if (r.data!.conversationReply.done) break;
    }
    expect(events.every((e) => e.messageId === sent.replyId)).toBe(true);
    expect(events.map((e) => e.delta).join('')).toBe('You have 2 projects.');
    const denied = (await run(
      bob,
      `subscription ($id: ID!) { conversationReply(conversationId: $id) { delta } }`,
      {
        id,
      },
    )) as ExecutionResult;
    expect(codeOf(asSent(denied))).toBe('NOT_FOUND');
  });

  it('analyticsUpdated re-reads its scope on a matching notice only, and refuses what the caller may not read', async () => {
    const query = `subscription ($d: ID!) { analyticsUpdated(scope: { departmentId: $d }) { scope headcount hoursLogged } }`;
    const stream = (await run(admin, query, { d: engineering })) as AsyncIterableIterator<
      ExecutionResult<{ analyticsUpdated: { scope: string; headcount: number; hoursLogged: string } }>
    >;
    const next = stream.next();
    // Another tenant's notice and another department's are ignored; this one is not.
    await insights.bus.publishTransient(ANALYTICS_CHANGED_CHANNEL, {
      tenantId: GLOBEX,
      scopes: [{ kind: 'company' }],
      at: '',
    });
    await insights.bus.publishTransient(ANALYTICS_CHANGED_CHANNEL, {
      tenantId: ACME,
      scopes: [{ kind: 'company' }, { kind: 'department', id: sales }],
      at: '',
    });
    await insights.bus.publishTransient(ANALYTICS_CHANGED_CHANNEL, {
      tenantId: ACME,
      scopes: [{ kind: 'company' }, { kind: 'department', id: engineering }],
      at: '',
    });
    const first = await next;
    expect(first.value?.data?.analyticsUpdated).toEqual({
      scope: 'DEPARTMENT',
      headcount: 3,
      hoursLogged: '15.00',
    });
    // Exactly one push: the Globex and Sales notices produced none.
    const more = await Promise.race([stream.next(), new Promise((r) => setTimeout(() => r('none'), 300))]);
    expect(more).toBe('none');
    await stream.return?.();
    const refused = (await run(staff, query, { d: engineering })) as ExecutionResult;
    expect(codeOf(asSent(refused))).toBe('FORBIDDEN');
    const bad = (await run(
      admin,
      `subscription { analyticsUpdated(scope: {}) { scope } }`,
      {},
    )) as ExecutionResult;
    expect(codeOf(asSent(bad))).toBe('BAD_USER_INPUT');
  });
});
