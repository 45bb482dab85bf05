import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/recruiting';
import { Dec } from '@wg/runtime';
import {
  codeOf,
  createTestDatabase,
  fieldsOf,
  identityFor,
  newId,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitingSubgraph } from '../index';
import type { RateFinalizedData } from '../events';

const { entityRefs, outbox, rateNegotiations, rateNegotiationRounds } = tables;

const ACME = newId();
const GLOBEX = newId();
const dept = newId();
const contractorId = newId();
const headId = newId();
const recruiter = identityFor(ACME, ['recruiter']);
const hr = identityFor(ACME, ['hr_manager']);
const admin = identityFor(ACME, ['admin']);
const head = identityFor(ACME, ['department_head'], { employeeId: headId });
const analyst = identityFor(ACME, ['analyst']);
const employee = identityFor(ACME, ['employee'], { employeeId: newId() });
const globexHr = identityFor(GLOBEX, ['hr_manager']);
const OUTSIDERS = [head, analyst, employee];

let db: Database & { drop(): Promise<void> };
let recruiting: Awaited<ReturnType<typeof startTestSubgraph>>;
let seq = 0;

type Who = typeof recruiter;
const gql = <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  who: Who = recruiter,
) => recruiting.call<T>(query, variables, who);

async function ok<T>(p: Promise<{ data?: T | null; errors?: unknown }>): Promise<T> {
  const r = await p;
  if (r.errors || !r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

async function refs(tenantId: string, departmentId: string, employees: string[] = []) {
  await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(entityRefs)
      .values([
        { tenantId, entityType: 'Department', id: departmentId, data: { id: departmentId, parentId: null } },
        ...employees.map((id) => ({ tenantId, entityType: 'Employee', id, data: { id, departmentId } })),
      ]),
  );
}

async function posting(
  title = `Contract Engineer ${++seq}`,
  range: Record<string, string> = {},
  who: Who = recruiter,
  departmentId = dept,
): Promise<string> {
  const r = await ok(
    gql<{ createJobPosting: { id: string } }>(
      /* GraphQL */ `mutation ($i: CreateJobPostingInput!) { createJobPosting(input: $i) { id } }`,
      { i: { title, departmentId, employmentType: 'CONTRACTOR', ...range } },
      who,
    ),
  );
  return r.createJobPosting.id;
}

async function application(postingId: string, who: Who = recruiter): Promise<string> {
  seq++;
  const c = await ok(
    gql<{ createCandidate: { id: string } }>(
      /* GraphQL */ `mutation ($e: String!, $l: String!) { createCandidate(input: { firstName: "Rita", lastName: $l, email: $e, source: AGENCY }) { id } }`,
      { e: `rita${seq}-${newId().slice(-6)}@example.com`, l: `Rate${seq}` },
      who,
    ),
  );
  const a = await ok(
    gql<{ apply: { id: string } }>(
      /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
      { c: c.createCandidate.id, p: postingId },
      who,
    ),
  );
  return a.apply.id;
}

const NEGOTIATION_FIELDS = /* GraphQL */ `
  id status currency unit roundCount maxRounds roundsRemaining strategy experienceLevel
  billRate { amount currency } payRate { amount currency } margin markup belowMinimumMargin
  targetMargin minMargin finalMargin finalPayRate { amount } finalBillRate { amount }
  application { id } employee { id } posting { id }
`;
const CREATE = /* GraphQL */ `mutation ($i: CreateRateNegotiationInput!) { createRateNegotiation(input: $i) { ${NEGOTIATION_FIELDS} } }`;
const COUNTER = /* GraphQL */ `
  mutation ($id: ID!, $i: CounterOfferInput!) {
    submitCounterOffer(negotiationId: $id, input: $i) {
      id number party margin markup belowMinimumMargin message messageSource strategy
      payRate { amount currency } billRate { amount currency }
    }
  }
`;
const AUTO = /* GraphQL */ `
  mutation ($id: ID!, $s: NegotiationStrategy!) {
    autoNegotiate(negotiationId: $id, strategy: $s) {
      number party margin belowMinimumMargin message messageSource strategy payRate { amount } billRate { amount }
    }
  }
`;
const FINALIZE = /* GraphQL */ `mutation ($id: ID!) { finalizeRate(negotiationId: $id) { ${NEGOTIATION_FIELDS} finalizedAt } }`;
const CANCEL = /* GraphQL */ `mutation ($id: ID!, $r: String!) { cancelRateNegotiation(negotiationId: $id, reason: $r) { id status cancelReason } }`;
const EVALUATE = /* GraphQL */ `
  query ($id: ID!, $p: Decimal!, $b: Decimal) {
    evaluateMargin(negotiationId: $id, payRate: $p, billRate: $b) {
      payRate { amount currency } billRate { amount } spread { amount } margin markup acceptable meetsTarget minMargin targetMargin
    }
  }
`;
const SUGGEST = /* GraphQL */ `
  query ($id: ID!) {
    suggestRate(negotiationId: $id) {
      source sampleSize experienceLevel capped margin
      p25 { amount } p50 { amount } p75 { amount } payRate { amount currency } ceiling { amount }
    }
  }
`;

interface Round {
  number: number;
  party: string;
  margin: string;
  belowMinimumMargin: boolean;
  message: string | null;
  messageSource: string;
  strategy: string | null;
  payRate: { amount: string };
  billRate: { amount: string };
}

const terms = (applicationId: string | null, extra: Record<string, unknown> = {}) => ({
  i: {
    ...(applicationId ? { applicationId } : {}),
    currency: 'USD',
    unit: 'HOUR',
    billRate: '100.00',
    payRate: '60.00',
    targetMargin: '0.3500',
    minMargin: '0.2000',
    ...extra,
  },
});

async function open(
  extra: Record<string, unknown> = {},
  postingId?: string,
): Promise<{ id: string; app: string }> {
  const app = await application(postingId ?? (await posting()));
  const r = await ok(gql<{ createRateNegotiation: { id: string } }>(CREATE, terms(app, extra)));
  return { id: r.createRateNegotiation.id, app };
}

const counter = (id: string, i: Record<string, unknown>, who: Who = recruiter) =>
  gql<{ submitCounterOffer: Round }>(COUNTER, { id, i }, who);
const auto = (id: string, s: string, who: Who = recruiter) =>
  gql<{ autoNegotiate: Round }>(AUTO, { id, s }, who);

async function counts(tenantId = ACME) {
  return withTenant(db, { tenantId }, async (tx) => ({
    negotiations: (await tx.select({ n: count() }).from(rateNegotiations))[0]?.n ?? 0,
    rounds: (await tx.select({ n: count() }).from(rateNegotiationRounds))[0]?.n ?? 0,
    events:
      (await tx.select({ n: count() }).from(outbox).where(eq(outbox.type, 'recruiting.rate.finalized')))[0]
        ?.n ?? 0,
  }));
}

beforeAll(async () => {
  db = await createTestDatabase();
  recruiting = await startTestSubgraph(recruitingSubgraph, db);
  await refs(ACME, dept, [contractorId, headId]);
});

afterAll(async () => {
  await recruiting?.stop();
  await db?.drop();
});

describe('createRateNegotiation', () => {
  it('opens an OPEN negotiation with the opening terms and their margin', async () => {
    const postingId = await posting();
    const app = await application(postingId);
    const res = await gql<{ createRateNegotiation: Record<string, unknown> }>(CREATE, terms(app));
    expect(res.errors).toBeUndefined();
    expect(res.data!.createRateNegotiation).toMatchObject({
      status: 'OPEN',
      currency: 'USD',
      unit: 'HOUR',
      roundCount: 0,
      maxRounds: 5,
      roundsRemaining: 5,
      strategy: null,
      experienceLevel: 'MID',
      billRate: { amount: '100.00', currency: 'USD' },
      payRate: { amount: '60.00', currency: 'USD' },
      margin: '0.4000',
      markup: '0.6667',
      belowMinimumMargin: false,
      targetMargin: '0.3500',
      minMargin: '0.2000',
      finalMargin: null,
      application: { id: app },
      employee: null,
      posting: { id: postingId },
    });
    // One OPEN negotiation per application.
    expect(codeOf(await gql(CREATE, terms(app)))).toBe('CONFLICT');
  });

  it('opens a contractor placement for an existing employee on a posting', async () => {
    const postingId = await posting();
    const res = await gql<{ createRateNegotiation: Record<string, unknown> }>(
      CREATE,
      terms(null, {
        employeeId: contractorId,
        postingId,
        unit: 'DAY',
        maxRounds: 3,
        experienceLevel: 'SENIOR',
      }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createRateNegotiation).toMatchObject({
      employee: { id: contractorId },
      application: null,
      unit: 'DAY',
      maxRounds: 3,
      experienceLevel: 'SENIOR',
    });
    expect(codeOf(await gql(CREATE, terms(null, { employeeId: newId(), postingId })))).toBe('NOT_FOUND');
  });

  it('names every bad field (negative, non-decimal, pay above bill, margins, rounds) and writes nothing', async () => {
    const app = await application(await posting());
    const before = await counts();
    const bad = await gql(
      CREATE,
      terms(app, { billRate: '-5', payRate: '12.345', targetMargin: '1.5', minMargin: '0.2', maxRounds: 0 }),
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(bad).sort()).toEqual([
      'input.billRate',
      'input.maxRounds',
      'input.payRate',
      'input.targetMargin',
    ]);
    const payAbove = await gql(CREATE, terms(app, { payRate: '100.01' }));
    expect(fieldsOf(payAbove)).toEqual(['input.payRate']);
    const margins = await gql(CREATE, terms(app, { minMargin: '0.4000' }));
    expect(fieldsOf(margins)).toEqual(['input.minMargin']);
    const zero = await gql(CREATE, terms(app, { payRate: '0.00', currency: 'usd' }));
    expect(fieldsOf(zero).sort()).toEqual(['input.currency', 'input.payRate']);
    const both = await gql(CREATE, terms(app, { employeeId: contractorId }));
    expect(fieldsOf(both)).toEqual(['input.applicationId']);
    const contractorWithoutPosting = await gql(CREATE, terms(null, { employeeId: contractorId }));
    expect(fieldsOf(contractorWithoutPosting)).toEqual(['input.postingId']);
    // A JSON number is refused by the Decimal scalar itself.
    expect(codeOf(await gql(CREATE, terms(app, { billRate: 100 })))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('is FORBIDDEN for everyone but recruiters, HR and admins; another tenant’s application is NOT_FOUND', async () => {
    const app = await application(await posting());
    const before = await counts();
    for (const who of OUTSIDERS) expect(codeOf(await gql(CREATE, terms(app), who))).toBe('FORBIDDEN');
    expect(codeOf(await gql(CREATE, terms(app), globexHr))).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
    expect(await counts(GLOBEX)).toMatchObject({ negotiations: 0 });
    for (const who of [hr, admin]) {
      const other = await application(await posting());
      expect((await gql(CREATE, terms(other), who)).errors).toBeUndefined();
    }
  });

  it('is CONFLICT for a withdrawn application', async () => {
    const app = await application(await posting());
    await ok(
      gql(/* GraphQL */ `mutation ($id: ID!) { moveApplication(id: $id, input: { to: WITHDRAWN }) { id } }`, {
        id: app,
      }),
    );
    expect(codeOf(await gql(CREATE, terms(app)))).toBe('CONFLICT');
  });
});

describe('submitCounterOffer', () => {
  it('stores each round, makes it the terms on the table, and flags one below the minimum margin', async () => {
    const { id } = await open();
    const r1 = await ok(counter(id, { party: 'CANDIDATE', payRate: '85', message: 'My day rate elsewhere' }));
    expect(r1.submitCounterOffer).toMatchObject({
      number: 1,
      party: 'CANDIDATE',
      payRate: { amount: '85.00', currency: 'USD' },
      billRate: { amount: '100.00', currency: 'USD' },
      margin: '0.1500',
      markup: '0.1765',
      belowMinimumMargin: true,
      message: 'My day rate elsewhere',
      messageSource: 'USER',
      strategy: null,
    });
    const r2 = await ok(counter(id, { party: 'COMPANY', payRate: '75.00', billRate: '105.00' }));
    expect(r2.submitCounterOffer).toMatchObject({ number: 2, margin: '0.2857', belowMinimumMargin: false });
    const n = await ok(
      gql<{ rateNegotiation: Record<string, unknown> }>(
        /* GraphQL */ `query ($id: ID!) { rateNegotiation(id: $id) { roundCount roundsRemaining billRate { amount } payRate { amount } rounds { number party payRate { amount } } } }`,
        { id },
      ),
    );
    expect(n.rateNegotiation).toEqual({
      roundCount: 2,
      roundsRemaining: 3,
      billRate: { amount: '105.00' },
      payRate: { amount: '75.00' },
      rounds: [
        { number: 1, party: 'CANDIDATE', payRate: { amount: '85.00' } },
        { number: 2, party: 'COMPANY', payRate: { amount: '75.00' } },
      ],
    });
  });

  it('names bad input (negative, non-decimal, pay above the bill rate, unknown party) and writes nothing', async () => {
    const { id } = await open();
    const before = await counts();
    expect(fieldsOf(await counter(id, { party: 'CANDIDATE', payRate: '-1.00' }))).toEqual(['input.payRate']);
    expect(fieldsOf(await counter(id, { party: 'CANDIDATE', payRate: '70.001' }))).toEqual(['input.payRate']);
    expect(fieldsOf(await counter(id, { party: 'CANDIDATE', payRate: '70.00', billRate: '0' }))).toEqual([
      'input.billRate',
    ]);
    // Above the current bill rate (100.00), and above a bill rate given with it.
    expect(fieldsOf(await counter(id, { party: 'CANDIDATE', payRate: '100.50' }))).toEqual(['input.payRate']);
    expect(fieldsOf(await counter(id, { party: 'COMPANY', payRate: '95.00', billRate: '90.00' }))).toEqual([
      'input.payRate',
    ]);
    expect(
      fieldsOf(await counter(id, { party: 'CANDIDATE', payRate: '70.00', message: 'x'.repeat(2001) })),
    ).toEqual(['input.message']);
    // An unknown party is refused by the enum before the resolver runs.
    expect(codeOf(await counter(id, { party: 'AGENCY', payRate: '70.00' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await counter(id, { party: 'CANDIDATE', payRate: 'seventy' }))).toBe('BAD_USER_INPUT');
    expect(fieldsOf(await counter('not-an-id', { party: 'CANDIDATE', payRate: '70.00' }))).toEqual([
      'negotiationId',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('is FORBIDDEN without the permission and NOT_FOUND for another tenant', async () => {
    const { id } = await open();
    const before = await counts();
    for (const who of OUTSIDERS)
      expect(codeOf(await counter(id, { party: 'CANDIDATE', payRate: '70' }, who))).toBe('FORBIDDEN');
    expect(codeOf(await counter(id, { party: 'CANDIDATE', payRate: '70' }, globexHr))).toBe('NOT_FOUND');
    expect(codeOf(await counter(newId(), { party: 'CANDIDATE', payRate: '70' }))).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('refuses a round past the maximum (CONFLICT) and writes nothing', async () => {
    const { id } = await open({ maxRounds: 2 });
    await ok(counter(id, { party: 'CANDIDATE', payRate: '90' }));
    await ok(counter(id, { party: 'COMPANY', payRate: '70' }));
    const before = await counts();
    const third = await counter(id, { party: 'CANDIDATE', payRate: '80' });
    expect(codeOf(third)).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });
});

describe('evaluateMargin', () => {
  it('computes margin and markup exactly and judges them against the minimum and target', async () => {
    const { id } = await open();
    const res = await ok(
      gql<{ evaluateMargin: Record<string, unknown> }>(EVALUATE, { id, p: '72.50', b: '100' }),
    );
    expect(res.evaluateMargin).toEqual({
      payRate: { amount: '72.50', currency: 'USD' },
      billRate: { amount: '100.00' },
      spread: { amount: '27.50' },
      margin: '0.2750',
      markup: '0.3793',
      acceptable: true,
      meetsTarget: false,
      minMargin: '0.2000',
      targetMargin: '0.3500',
    });
    // Without a bill rate, the current one; 0.19996 reads 0.2000 but is not acceptable.
    const close = await ok(
      gql<{ evaluateMargin: Record<string, unknown> }>(EVALUATE, { id, p: '800.04', b: '1000.00' }),
    );
    expect(close.evaluateMargin).toMatchObject({ margin: '0.2000', acceptable: false });
    const current = await ok(gql<{ evaluateMargin: Record<string, unknown> }>(EVALUATE, { id, p: '85' }));
    expect(current.evaluateMargin).toMatchObject({
      billRate: { amount: '100.00' },
      margin: '0.1500',
      acceptable: false,
    });
  });

  it('names bad input, is FORBIDDEN without the permission and NOT_FOUND across tenants', async () => {
    const { id } = await open();
    expect(fieldsOf(await gql(EVALUATE, { id, p: '-1' }))).toEqual(['payRate']);
    expect(fieldsOf(await gql(EVALUATE, { id, p: '1.001', b: '-2' })).sort()).toEqual([
      'billRate',
      'payRate',
    ]);
    expect(fieldsOf(await gql(EVALUATE, { id, p: '120' }))).toEqual(['payRate']);
    expect(codeOf(await gql(EVALUATE, { id, p: 'abc' }))).toBe('BAD_USER_INPUT');
    for (const who of OUTSIDERS) expect(codeOf(await gql(EVALUATE, { id, p: '70' }, who))).toBe('FORBIDDEN');
    expect(codeOf(await gql(EVALUATE, { id, p: '70' }, globexHr))).toBe('NOT_FOUND');
  });
});

describe('autoNegotiate', () => {
  it.each(['AGGRESSIVE', 'BALANCED', 'CANDIDATE_FRIENDLY'])(
    '%s: 3 rounds end at or above the minimum margin; a 6th round is refused',
    async (strategy) => {
      // Three rounds: the candidate asks above the ceiling, the rule counters, the candidate takes it.
      const short = await open();
      const ask = await ok(counter(short.id, { party: 'CANDIDATE', payRate: '95.00' }));
      expect(ask.submitCounterOffer.belowMinimumMargin).toBe(true);
      const offer = (await ok(auto(short.id, strategy))).autoNegotiate;
      expect(offer).toMatchObject({
        number: 2,
        party: 'COMPANY',
        strategy,
        belowMinimumMargin: false,
        messageSource: 'TEMPLATE',
      });
      expect(offer.message).toContain(`${offer.payRate.amount} USD per hour`);
      expect(offer.message).not.toContain('100.00'); // never the bill rate
      await ok(counter(short.id, { party: 'CANDIDATE', payRate: offer.payRate.amount }));
      const done = (
        await ok(
          gql<{ finalizeRate: Record<string, string> & { roundCount: number } }>(FINALIZE, { id: short.id }),
        )
      ).finalizeRate;
      expect(done.roundCount).toBe(3);
      expect(Dec.of(done.finalMargin!).gte('0.2000')).toBe(true);

      // Five rounds, then a sixth is CONFLICT whoever makes it; the terms still finalize above the minimum.
      const long = await open();
      await ok(counter(long.id, { party: 'CANDIDATE', payRate: '95.00' }));
      await ok(auto(long.id, strategy));
      await ok(counter(long.id, { party: 'CANDIDATE', payRate: '90.00' }));
      await ok(auto(long.id, strategy));
      await ok(auto(long.id, strategy));
      const before = await counts();
      expect(codeOf(await auto(long.id, strategy))).toBe('CONFLICT');
      expect(codeOf(await counter(long.id, { party: 'CANDIDATE', payRate: '80.00' }))).toBe('CONFLICT');
      expect(await counts()).toEqual(before);
      const final = (
        await ok(gql<{ finalizeRate: { finalMargin: string; strategy: string } }>(FINALIZE, { id: long.id }))
      ).finalizeRate;
      expect(Dec.of(final.finalMargin).gte('0.2000')).toBe(true);
      expect(final.strategy).toBe(strategy);
    },
  );

  it('orders the strategies: aggressive keeps the most margin, candidate-friendly the least', async () => {
    const offers: Record<string, string> = {};
    for (const s of ['AGGRESSIVE', 'BALANCED', 'CANDIDATE_FRIENDLY']) {
      const { id } = await open();
      await ok(counter(id, { party: 'CANDIDATE', payRate: '76.00' }));
      offers[s] = (await ok(auto(id, s))).autoNegotiate.payRate.amount;
    }
    // Gap 76 − 60 = 16: +4, +8, +12.
    expect(offers).toEqual({ AGGRESSIVE: '64.00', BALANCED: '68.00', CANDIDATE_FRIENDLY: '72.00' });
  });

  it('is FORBIDDEN without the permission, NOT_FOUND across tenants, BAD_USER_INPUT for a bad id or strategy', async () => {
    const { id } = await open();
    const before = await counts();
    for (const who of OUTSIDERS) expect(codeOf(await auto(id, 'BALANCED', who))).toBe('FORBIDDEN');
    expect(codeOf(await auto(id, 'BALANCED', globexHr))).toBe('NOT_FOUND');
    expect(fieldsOf(await auto('nope', 'BALANCED'))).toEqual(['negotiationId']);
    expect(codeOf(await auto(id, 'RECKLESS'))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });
});

describe('the message from a configured OpenAI-compatible model', () => {
  let server: Server;
  const bodies: Record<string, unknown>[] = [];
  let reply: string | null = 'We can offer 68.00 USD per hour.';
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        bodies.push(JSON.parse(raw) as Record<string, unknown>);
        if (reply === null) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'down' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'chatcmpl-test',
            object: 'chat.completion',
            created: 1_700_000_000,
            model: 'local-test-model',
            choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: 8, total_tokens: 18 },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    for (const k of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL']) saved[k] = process.env[k];
    process.env.OPENAI_API_KEY = 'sk-test-local';
    process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    process.env.OPENAI_MODEL = 'local-test-model';
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await new Promise((r) => server?.close(r));
  });

  it('writes the message with the model, told the offer but never the bill rate or margin', async () => {
    const { id } = await open();
    await ok(counter(id, { party: 'CANDIDATE', payRate: '76.00' }));
    const round = (await ok(auto(id, 'BALANCED'))).autoNegotiate;
    expect(round).toMatchObject({
      messageSource: 'MODEL',
      message: 'We can offer 68.00 USD per hour.',
      payRate: { amount: '68.00' },
    });
    const body = bodies.at(-1)!;
    expect(body.model).toBe('local-test-model');
    const prompt = JSON.stringify(body.messages);
    expect(prompt).toContain('68.00 USD per hour');
    expect(prompt).toContain('76.00');
    expect(prompt).not.toContain('100.00');
  });

  it('falls back to the template when the model fails; the offer is the rule’s either way', async () => {
    reply = null;
    try {
      const { id } = await open();
      await ok(counter(id, { party: 'CANDIDATE', payRate: '76.00' }));
      const round = (await ok(auto(id, 'BALANCED'))).autoNegotiate;
      expect(round).toMatchObject({ messageSource: 'TEMPLATE', payRate: { amount: '68.00' } });
      expect(round.message).toContain('68.00 USD per hour');
    } finally {
      reply = 'We can offer 68.00 USD per hour.';
    }
  });
});

describe('finalizeRate', () => {
  it('locks the terms, emits recruiting.rate.finalized once, and refuses later rounds', async () => {
    const { id, app } = await open();
    await ok(counter(id, { party: 'CANDIDATE', payRate: '78.00', billRate: '104.00' }));
    const res = await ok(gql<{ finalizeRate: Record<string, unknown> }>(FINALIZE, { id }));
    expect(res.finalizeRate).toMatchObject({
      status: 'FINALIZED',
      finalPayRate: { amount: '78.00' },
      finalBillRate: { amount: '104.00' },
      finalMargin: '0.2500',
      roundsRemaining: 0,
    });
    const events = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.type, 'recruiting.rate.finalized'), eq(outbox.aggregateId, id))),
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.data as RateFinalizedData).toMatchObject({
      negotiationId: id,
      applicationId: app,
      departmentId: dept,
      currency: 'USD',
      unit: 'HOUR',
      billRate: '104.00',
      payRate: '78.00',
      margin: '0.2500',
      markup: '0.3333',
      rounds: 1,
      strategy: null,
    });
    const before = await counts();
    expect(codeOf(await gql(FINALIZE, { id }))).toBe('CONFLICT');
    expect(codeOf(await counter(id, { party: 'COMPANY', payRate: '70.00' }))).toBe('CONFLICT');
    expect(codeOf(await auto(id, 'BALANCED'))).toBe('CONFLICT');
    expect(codeOf(await gql(CANCEL, { id, r: 'too late' }))).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });

  it('refuses terms below the minimum margin (CONFLICT); FORBIDDEN and NOT_FOUND as every mutation', async () => {
    const { id } = await open();
    await ok(counter(id, { party: 'CANDIDATE', payRate: '85.00' }));
    const before = await counts();
    expect(codeOf(await gql(FINALIZE, { id }))).toBe('CONFLICT');
    for (const who of OUTSIDERS) expect(codeOf(await gql(FINALIZE, { id }, who))).toBe('FORBIDDEN');
    expect(codeOf(await gql(FINALIZE, { id }, globexHr))).toBe('NOT_FOUND');
    expect(fieldsOf(await gql(FINALIZE, { id: 'x' }))).toEqual(['negotiationId']);
    expect(await counts()).toEqual(before);
  });
});

describe('cancelRateNegotiation', () => {
  it('cancels an OPEN negotiation with a reason; bad input, FORBIDDEN and NOT_FOUND write nothing', async () => {
    const { id } = await open();
    const before = await counts();
    expect(fieldsOf(await gql(CANCEL, { id, r: '  ' }))).toEqual(['reason']);
    for (const who of OUTSIDERS) expect(codeOf(await gql(CANCEL, { id, r: 'no' }, who))).toBe('FORBIDDEN');
    expect(codeOf(await gql(CANCEL, { id, r: 'no' }, globexHr))).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
    const res = await ok(
      gql<{ cancelRateNegotiation: Record<string, unknown> }>(CANCEL, { id, r: 'Client pulled the role' }),
    );
    expect(res.cancelRateNegotiation).toEqual({
      id,
      status: 'CANCELLED',
      cancelReason: 'Client pulled the role',
    });
    expect(codeOf(await counter(id, { party: 'CANDIDATE', payRate: '70' }))).toBe('CONFLICT');
  });
});

describe('suggestRate', () => {
  it('falls back to the posting’s range per hour, then to the target margin, and names the source', async () => {
    const ranged = await posting(`Analyst ${newId()}`, {
      salaryMin: '104000',
      salaryMax: '145600',
      currency: 'USD',
    });
    const { id } = await open({}, ranged);
    const s = await ok(gql<{ suggestRate: Record<string, unknown> }>(SUGGEST, { id }));
    // 104000 / 2080 = 50.00, 145600 / 2080 = 70.00: band 55 / 60 / 65; MID takes the median.
    expect(s.suggestRate).toEqual({
      source: 'POSTING_RANGE',
      sampleSize: 0,
      experienceLevel: 'MID',
      capped: false,
      margin: '0.4000',
      p25: { amount: '55.00' },
      p50: { amount: '60.00' },
      p75: { amount: '65.00' },
      payRate: { amount: '60.00', currency: 'USD' },
      ceiling: { amount: '80.00' },
    });
    const bare = await open({ experienceLevel: 'SENIOR' }, await posting(`Bare ${newId()}`));
    const t = await ok(gql<{ suggestRate: Record<string, unknown> }>(SUGGEST, { id: bare.id }));
    expect(t.suggestRate).toMatchObject({
      source: 'OPENING_TERMS',
      payRate: { amount: '65.00' },
      margin: '0.3500',
    });
  });

  it('uses the band of FINALIZED negotiations of same-title postings once there are three, capped at the ceiling', async () => {
    const title = `Senior Data Engineer ${newId()}`;
    for (const pay of ['70.00', '74.00', '78.00']) {
      // Each on its own posting of the same title (spacing and case differ).
      const p = await posting(pay === '74.00' ? `  ${title.toUpperCase()} ` : title);
      const { id } = await open({ billRate: '110.00' }, p);
      await ok(counter(id, { party: 'CANDIDATE', payRate: pay }));
      await ok(gql(FINALIZE, { id }));
    }
    const other = await open({ billRate: '110.00' }, await posting(`Other ${newId()}`));
    await ok(counter(other.id, { party: 'CANDIDATE', payRate: '88.00' }));
    await ok(gql(FINALIZE, { id: other.id }));

    const senior = await open({ experienceLevel: 'SENIOR', billRate: '95.00' }, await posting(title));
    const s = await ok(gql<{ suggestRate: Record<string, unknown> }>(SUGGEST, { id: senior.id }));
    // 70 / 74 / 78: p25 72, p50 74, p75 76; SENIOR takes p75 = 76.00, the ceiling 95 × 0.8 = 76.00.
    expect(s.suggestRate).toMatchObject({
      source: 'MARKET_BAND',
      sampleSize: 3,
      p25: { amount: '72.00' },
      p50: { amount: '74.00' },
      p75: { amount: '76.00' },
      payRate: { amount: '76.00' },
      capped: false,
    });
    const tight = await open({ experienceLevel: 'SENIOR', billRate: '90.00' }, await posting(title));
    const c = await ok(gql<{ suggestRate: Record<string, unknown> }>(SUGGEST, { id: tight.id }));
    expect(c.suggestRate).toMatchObject({
      source: 'MARKET_BAND',
      payRate: { amount: '72.00' },
      capped: true,
      margin: '0.2000',
    });
  });

  it('compares postings by their position’s job family and level when they name one, whatever the title', async () => {
    const position = async (jobFamily: string, level: string) => {
      const id = newId();
      await withTenant(db, { tenantId: ACME }, (tx) =>
        tx.insert(entityRefs).values({
          tenantId: ACME,
          entityType: 'Position',
          id,
          data: { id, title: 'Engineer', jobFamily, level, departmentId: dept, approvedSeats: 5 },
        }),
      );
      return id;
    };
    const family = `Data ${newId()}`;
    const l4 = await position(family, 'L4');
    const l4again = await position(family, 'L4');
    const l5 = await position(family, 'L5');
    const titles = ['Analytics Engineer', 'Data Engineer', 'ML Ops'];
    for (const [i, pay] of ['60.00', '64.00', '68.00'].entries()) {
      const p = await posting(`${titles[i]} ${newId()}`, { positionId: i === 1 ? l4again : l4 });
      const { id } = await open({ billRate: '110.00' }, p);
      await ok(counter(id, { party: 'CANDIDATE', payRate: pay }));
      await ok(gql(FINALIZE, { id }));
    }
    // Another title, the same family and level: the band of the three.
    const same = await open(
      { billRate: '110.00' },
      await posting(`Data Wrangler ${newId()}`, { positionId: l4 }),
    );
    expect(
      (await ok(gql<{ suggestRate: Record<string, unknown> }>(SUGGEST, { id: same.id }))).suggestRate,
    ).toMatchObject({
      source: 'MARKET_BAND',
      sampleSize: 3,
      p50: { amount: '64.00' },
      payRate: { amount: '64.00' },
    });
    // Another level of the family compares with nothing finalized: the opening terms.
    const senior = await open(
      { billRate: '110.00' },
      await posting(`Data Engineer ${newId()}`, { positionId: l5 }),
    );
    expect(
      (await ok(gql<{ suggestRate: Record<string, unknown> }>(SUGGEST, { id: senior.id }))).suggestRate,
    ).toMatchObject({
      source: 'OPENING_TERMS',
      sampleSize: 0,
    });
  });

  it('is FORBIDDEN without the permission and NOT_FOUND across tenants', async () => {
    const { id } = await open();
    for (const who of OUTSIDERS) expect(codeOf(await gql(SUGGEST, { id }, who))).toBe('FORBIDDEN');
    expect(codeOf(await gql(SUGGEST, { id }, globexHr))).toBe('NOT_FOUND');
  });
});

describe('reading negotiations', () => {
  it('lists them as a connection with filters, on the application, and hides them from others', async () => {
    const postingId = await posting();
    const { id, app } = await open({}, postingId);
    const second = await open({}, postingId);
    await ok(gql(CANCEL, { id: second.id, r: 'duplicate' }));
    const list = await ok(
      gql<{ rateNegotiations: { totalCount: number; edges: { node: { id: string } }[] } }>(
        /* GraphQL */ `query ($p: ID!) { rateNegotiations(first: 1, filter: { postingId: $p }) { totalCount edges { node { id } } } }`,
        { p: postingId },
      ),
    );
    expect(list.rateNegotiations.totalCount).toBe(2);
    expect(list.rateNegotiations.edges.map((e) => e.node.id)).toEqual([second.id]); // newest first
    const open_ = await ok(
      gql<{ rateNegotiations: { totalCount: number } }>(
        /* GraphQL */ `query ($p: ID!) { rateNegotiations(filter: { postingId: $p, status: OPEN }) { totalCount } }`,
        { p: postingId },
      ),
    );
    expect(open_.rateNegotiations.totalCount).toBe(1);
    const all = await ok(
      gql<{ rateNegotiations: { totalCount: number } }>(`{ rateNegotiations { totalCount } }`, {}),
    );
    expect(all.rateNegotiations.totalCount).toBe((await counts()).negotiations);
    expect(
      fieldsOf(await gql(`{ rateNegotiations(filter: { postingId: "x" }) { totalCount } }`, {})),
    ).toEqual(['filter.postingId']);

    const ON_APP = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Application { rateNegotiations { id } } } }`;
    const mine = await ok(
      gql<{ _entities: { rateNegotiations: { id: string }[] | null }[] }>(ON_APP, {
        r: [{ __typename: 'Application', id: app }],
      }),
    );
    expect(mine._entities[0]!.rateNegotiations).toEqual([{ id }]);
    for (const who of OUTSIDERS) {
      expect(codeOf(await gql(`{ rateNegotiations { totalCount } }`, {}, who))).toBe('FORBIDDEN');
      expect(codeOf(await gql(`query ($id: ID!) { rateNegotiation(id: $id) { id } }`, { id }, who))).toBe(
        'FORBIDDEN',
      );
    }
    // A hiring manager sees the application (team scope) but not its negotiations.
    const head_ = await ok(
      gql<{ _entities: ({ rateNegotiations: unknown } | null)[] }>(
        ON_APP,
        { r: [{ __typename: 'Application', id: app }] },
        head,
      ),
    );
    expect(head_._entities[0]).toEqual({ rateNegotiations: null });
    const foreign = await ok(
      gql<{ rateNegotiation: unknown }>(
        `query ($id: ID!) { rateNegotiation(id: $id) { id } }`,
        { id },
        globexHr,
      ),
    );
    expect(foreign.rateNegotiation).toBeNull();
  });
});

describe('negotiationAnalytics', () => {
  const INITECH = newId();
  const initech = identityFor(INITECH, ['recruiter']);
  const initechDept = newId();
  const ANALYTICS = /* GraphQL */ `
    query ($from: Date!, $to: Date!) {
      negotiationAnalytics(from: $from, to: $to) {
        from to total { ...outcomes }
        byStrategy { strategy outcomes { ...outcomes } }
      }
    }
    fragment outcomes on NegotiationOutcomes { closed finalized successRate averageRounds averageFinalMargin }
  `;

  it('success rate, average rounds and average final margin, overall and by strategy, over closed negotiations', async () => {
    await refs(INITECH, initechDept);
    const p = await posting(`Initech Contractor`, {}, initech, initechDept);
    const openIn = async () => {
      const app = await application(p, initech);
      return (await ok(gql<{ createRateNegotiation: { id: string } }>(CREATE, terms(app), initech)))
        .createRateNegotiation.id;
    };
    // Balanced, finalized after 2 rounds: ask 80 → auto 70 (margin 0.3000).
    const a = await openIn();
    await ok(counter(a, { party: 'CANDIDATE', payRate: '80.00' }, initech));
    await ok(auto(a, 'BALANCED', initech));
    await ok(gql(FINALIZE, { id: a }, initech));
    // Balanced, cancelled after 1 auto round.
    const b = await openIn();
    await ok(auto(b, 'BALANCED', initech));
    await ok(gql(CANCEL, { id: b, r: 'no deal' }, initech));
    // People only, finalized on the opening terms (margin 0.4000, 0 rounds).
    const c = await openIn();
    await ok(gql(FINALIZE, { id: c }, initech));
    // Still open: not counted.
    await openIn();

    const today = new Date().toISOString().slice(0, 10);
    const res = await ok(
      gql<{
        negotiationAnalytics: Record<string, unknown> & {
          byStrategy: { strategy: string | null; outcomes: unknown }[];
        };
      }>(ANALYTICS, { from: today, to: today }, initech),
    );
    const none = {
      closed: 0,
      finalized: 0,
      successRate: null,
      averageRounds: null,
      averageFinalMargin: null,
    };
    expect(res.negotiationAnalytics).toMatchObject({
      from: today,
      to: today,
      total: {
        closed: 3,
        finalized: 2,
        successRate: '0.6667',
        averageRounds: '1.00',
        averageFinalMargin: '0.3500',
      },
    });
    expect(res.negotiationAnalytics.byStrategy).toEqual([
      { strategy: 'AGGRESSIVE', outcomes: none },
      {
        strategy: 'BALANCED',
        outcomes: {
          closed: 2,
          finalized: 1,
          successRate: '0.5000',
          averageRounds: '1.50',
          averageFinalMargin: '0.3000',
        },
      },
      { strategy: 'CANDIDATE_FRIENDLY', outcomes: none },
      {
        strategy: null,
        outcomes: {
          closed: 1,
          finalized: 1,
          successRate: '1.0000',
          averageRounds: '0.00',
          averageFinalMargin: '0.4000',
        },
      },
    ]);
    // A period before any of it is empty.
    const empty = await ok(
      gql<{ negotiationAnalytics: Record<string, unknown> }>(
        ANALYTICS,
        { from: '2020-01-01', to: '2020-12-31' },
        initech,
      ),
    );
    expect(empty.negotiationAnalytics).toMatchObject({ total: { closed: 0, successRate: null } });
  });

  it('names a bad period and is FORBIDDEN without the permission', async () => {
    expect(fieldsOf(await gql(ANALYTICS, { from: '2026-02-01', to: '2026-01-01' }))).toEqual(['to']);
    expect(fieldsOf(await gql(ANALYTICS, { from: '2024-01-01', to: '2026-01-01' }))).toEqual(['to']);
    for (const who of OUTSIDERS)
      expect(codeOf(await gql(ANALYTICS, { from: '2026-01-01', to: '2026-01-31' }, who))).toBe('FORBIDDEN');
  });
});
