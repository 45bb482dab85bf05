import type { Tx } from '@wg/db';
import {
  applications,
  auditLog,
  entityRefs,
  jobPostings,
  negotiationParties,
  negotiationStatuses,
  negotiationStrategies,
  outbox,
  rateNegotiationRounds,
  rateNegotiations,
} from '@wg/db/recruiting';
import {
  badInput,
  type Connection,
  checkInput,
  clock,
  conflict,
  Dec,
  emitEvents,
  isUuid,
  isValidDate,
  Money,
  notFound,
  type PageArgs,
  paginate,
  recordAudit,
  requireScope,
  rules,
  scopeFor,
  z,
} from '@wg/runtime';
import { and, asc, desc, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { RateFinalizedData } from '../events';
import type { RecruitingContext } from '../loaders';
import { findPosition } from '../positions/position.ref';
import { selectRows } from '../sql';
import type {
  CounterOfferInput,
  CreateRateNegotiationInput,
  RateNegotiationFilter,
} from './negotiation.input';
import { counterOfferMessage } from './negotiation.message';
import {
  annualToUnit,
  bandOfRange,
  LEVEL_POINT,
  marginOf,
  meetsMargin,
  nextCompanyPay,
  payCeiling,
  percentile,
} from './negotiation.rules';
import type {
  MarginEvaluation,
  NegotiationAnalytics,
  NegotiationOutcomes,
  NegotiationParty,
  NegotiationRound,
  NegotiationStrategy,
  RateNegotiation,
  RateSource,
  RateSuggestion,
  StrategyOutcomes,
} from './negotiation.type';

/** Recruiters, HR and admins hold `rate_negotiation:*:all`; nobody else sees or writes negotiations. */
const PERMISSION = {
  read: 'rate_negotiation:read',
  create: 'rate_negotiation:create',
  update: 'rate_negotiation:update',
  finalize: 'rate_negotiation:finalize',
} as const;

/** A rate: a positive decimal with at most 2 places. */
const rate = () =>
  rules
    .decimal()
    .refine(
      (v) => !Dec.isDecimal(v) || Dec.of(v).isNegative() || Dec.of(v).gt('0'),
      'Must be greater than 0',
    );
/** A margin: a fraction 0 ≤ x < 1 with at most 4 places. */
const ratio = () =>
  z
    .string()
    .regex(/^\d+(\.\d{1,4})?$/, 'Must be a fraction such as "0.2500" (at most 4 decimal places)')
    .refine((v) => !Dec.isDecimal(v) || Dec.of(v).lt('1'), 'Must be less than 1');
const message = () => z.string().trim().max(2000, 'At most 2000 characters').nullish();

const createSchema = z.object({
  applicationId: rules.uuid().nullish(),
  employeeId: rules.uuid().nullish(),
  postingId: rules.uuid().nullish(),
  currency: rules.currency(),
  unit: z.enum(['HOUR', 'DAY']),
  billRate: rate(),
  payRate: rate(),
  targetMargin: ratio(),
  minMargin: ratio(),
  maxRounds: z.number().int('Must be a whole number').min(1, 'At least 1').max(20, 'At most 20').nullish(),
  experienceLevel: z.enum(['JUNIOR', 'MID', 'SENIOR']).nullish(),
});

const counterSchema = z.object({
  party: z.enum(negotiationParties, 'Must be CANDIDATE or COMPANY'),
  payRate: rate(),
  billRate: rate().nullish(),
  message: message(),
});

const filterSchema = z.object({
  status: z.enum(negotiationStatuses).nullish(),
  postingId: rules.uuid().nullish(),
  applicationId: rules.uuid().nullish(),
  employeeId: rules.uuid().nullish(),
  strategy: z.enum(negotiationStrategies).nullish(),
});

function requireId(id: string, field = 'negotiationId') {
  if (!isUuid(id)) throw badInput([{ field, message: 'Must be a valid id' }]);
}

async function lock(tx: Tx, id: string): Promise<RateNegotiation> {
  const [row] = await tx.select().from(rateNegotiations).where(eq(rateNegotiations.id, id)).for('update');
  if (!row) throw notFound('RateNegotiation', id);
  return row as RateNegotiation;
}

async function load(tx: Tx, id: string): Promise<RateNegotiation> {
  const [row] = await tx.select().from(rateNegotiations).where(eq(rateNegotiations.id, id));
  if (!row) throw notFound('RateNegotiation', id);
  return row as RateNegotiation;
}

async function audit(
  ctx: RecruitingContext,
  tx: Tx,
  action: string,
  entityId: string,
  before: unknown,
  after: unknown,
) {
  await recordAudit(tx, auditLog, [
    {
      tenantId: ctx.tenantId(),
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType: 'RateNegotiation',
      entityId,
      before,
      after,
    },
  ]);
}

/** pay ≤ bill, or BAD_USER_INPUT naming `field`. */
function payWithinBill(
  fail: (field: string, message: string) => void,
  field: string,
  pay: string,
  bill: string,
) {
  if (Dec.of(pay).gt(bill)) fail(field, `Must not exceed the bill rate (${bill})`);
}

/** The company's latest pay offer and the candidate's latest ask, from the rounds so far. */
async function positions(tx: Tx, n: RateNegotiation) {
  const rounds = await tx
    .select({ party: rateNegotiationRounds.party, payRate: rateNegotiationRounds.payRate })
    .from(rateNegotiationRounds)
    .where(eq(rateNegotiationRounds.negotiationId, n.id))
    .orderBy(desc(rateNegotiationRounds.number));
  const latest = (party: NegotiationParty) => rounds.find((r) => r.party === party)?.payRate ?? null;
  return { companyPay: latest('COMPANY') ?? n.openingPayRate, candidateAsk: latest('CANDIDATE') };
}

/** OPEN with a round left, or CONFLICT. */
function requireRoundLeft(n: RateNegotiation) {
  if (n.status !== 'OPEN') throw conflict(`The negotiation is ${n.status}: no further rounds`);
  if (n.roundCount >= n.maxRounds) {
    throw conflict(`All ${n.maxRounds} rounds of the negotiation are used: finalize or cancel it`);
  }
}

interface RoundValues {
  party: NegotiationParty;
  payRate: string;
  billRate: string;
  message: string | null;
  messageSource: 'USER' | 'TEMPLATE' | 'MODEL';
  strategy: NegotiationStrategy | null;
}

/** Stores the next round and makes its rates the terms on the table (the row is locked). */
async function addRound(
  ctx: RecruitingContext,
  tx: Tx,
  n: RateNegotiation,
  v: RoundValues,
): Promise<NegotiationRound> {
  requireRoundLeft(n);
  const { margin } = marginOf(v.payRate, v.billRate);
  const [round] = await tx
    .insert(rateNegotiationRounds)
    .values({
      tenantId: ctx.tenantId(),
      negotiationId: n.id,
      number: n.roundCount + 1,
      party: v.party,
      payRate: v.payRate,
      billRate: v.billRate,
      margin,
      belowMinimum: !meetsMargin(v.payRate, v.billRate, n.minMargin),
      message: v.message,
      messageSource: v.messageSource,
      strategy: v.strategy,
      createdBy: ctx.identity.userId,
    })
    .returning();
  const [after] = await tx
    .update(rateNegotiations)
    .set({
      payRate: v.payRate,
      billRate: v.billRate,
      roundCount: n.roundCount + 1,
      ...(v.strategy ? { strategy: v.strategy } : {}),
    })
    .where(eq(rateNegotiations.id, n.id))
    .returning();
  await audit(ctx, tx, 'rate_negotiation.counter_offer', n.id, n, { ...after, round });
  return round as NegotiationRound;
}

/** Fewer finalized comparable negotiations than this and the band falls back to the posting. */
export const MIN_SAMPLE = 3;

/** A position's job family and level, when people's event gave it both. */
async function positionRole(
  tx: Tx,
  positionId: string,
): Promise<{ jobFamily: string; level: string } | null> {
  const position = await findPosition(tx, positionId);
  return position?.jobFamily && position.level
    ? { jobFamily: position.jobFamily, level: position.level }
    : null;
}

/** The band a suggestion is read from, and what it rests on. */
async function bandFor(tx: Tx, n: RateNegotiation) {
  const [posting] = await tx.select().from(jobPostings).where(eq(jobPostings.id, n.postingId));
  if (!posting) throw notFound('JobPosting', n.postingId);
  // Comparable roles: postings whose position (people's, known from its events) has the same job
  // family and level; a posting without a position (or a position without both) is compared by
  // title, which is what names the role then ("Senior Data Engineer"), case and spacing ignored.
  const role = posting.positionId ? await positionRole(tx, posting.positionId) : null;
  const title = posting.title.trim().replace(/\s+/g, ' ').toLowerCase();
  const comparable = role
    ? sql`${jobPostings.positionId} in (select p.id from ${entityRefs} p where p.entity_type = 'Position' and p.data->>'jobFamily' = ${role.jobFamily} and p.data->>'level' = ${role.level})`
    : sql`lower(regexp_replace(btrim(${jobPostings.title}), '\\s+', ' ', 'g')) = ${title}`;
  const finalized = await tx
    .select({ pay: rateNegotiations.finalPayRate })
    .from(rateNegotiations)
    .innerJoin(jobPostings, eq(jobPostings.id, rateNegotiations.postingId))
    .where(
      and(
        eq(rateNegotiations.status, 'FINALIZED'),
        eq(rateNegotiations.currency, n.currency),
        eq(rateNegotiations.unit, n.unit),
        ne(rateNegotiations.id, n.id),
        comparable,
      ),
    )
    .orderBy(asc(rateNegotiations.finalPayRate));
  const pays = finalized.map((r) => r.pay).filter((p): p is string => p !== null);
  if (pays.length >= MIN_SAMPLE) {
    return {
      source: 'MARKET_BAND' as RateSource,
      sampleSize: pays.length,
      p25: percentile(pays, '0.25'),
      p50: percentile(pays, '0.50'),
      p75: percentile(pays, '0.75'),
    };
  }
  if (posting.salaryMin && posting.salaryMax && posting.currency === n.currency) {
    return {
      source: 'POSTING_RANGE' as RateSource,
      sampleSize: 0,
      ...bandOfRange(annualToUnit(posting.salaryMin, n.unit), annualToUnit(posting.salaryMax, n.unit)),
    };
  }
  const atTarget = payCeiling(n.billRate, n.targetMargin);
  return {
    source: 'OPENING_TERMS' as RateSource,
    sampleSize: 0,
    p25: atTarget,
    p50: atTarget,
    p75: atTarget,
  };
}

const MAX_ANALYTICS_DAYS = 366;
const STRATEGY_ORDER: (NegotiationStrategy | null)[] = [...negotiationStrategies, null];

function figures(
  rows: { status: string; n: number; rounds: number; margins: string }[],
): NegotiationOutcomes {
  let finalized = 0;
  let closed = 0;
  let rounds = 0;
  let margins = Dec.of('0');
  for (const r of rows) {
    closed += r.n;
    rounds += r.rounds;
    if (r.status === 'FINALIZED') {
      finalized += r.n;
      margins = margins.plus(r.margins);
    }
  }
  return {
    closed,
    finalized,
    successRate: closed ? Dec.of(String(finalized)).div(String(closed), 4).toString() : null,
    averageRounds: closed ? Dec.of(String(rounds)).div(String(closed), 2).toString() : null,
    averageFinalMargin: finalized ? margins.div(String(finalized), 4).toString() : null,
  };
}

const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
};

export const negotiationService = {
  /** `Application.rateNegotiations` and the other reads: only with `rate_negotiation:read:all`. */
  canRead(ctx: RecruitingContext) {
    return scopeFor(ctx.identity, 'rate_negotiation', 'read') === 'all';
  },

  async get(ctx: RecruitingContext, id: string): Promise<RateNegotiation | null> {
    requireScope(ctx.identity, PERMISSION.read, 'all');
    if (!isUuid(id)) return null;
    return ctx.tx(async (tx) => {
      const [row] = await tx.select().from(rateNegotiations).where(eq(rateNegotiations.id, id));
      return (row as RateNegotiation | undefined) ?? null;
    });
  },

  async list(
    ctx: RecruitingContext,
    page: PageArgs,
    filter: RateNegotiationFilter | null,
  ): Promise<Connection<RateNegotiation>> {
    requireScope(ctx.identity, PERMISSION.read, 'all');
    const f = checkInput(filterSchema, filter ?? {}, 'filter').valid();
    const where: SQL[] = [];
    if (f.status) where.push(eq(rateNegotiations.status, f.status));
    if (f.postingId) where.push(eq(rateNegotiations.postingId, f.postingId));
    if (f.applicationId) where.push(eq(rateNegotiations.applicationId, f.applicationId));
    if (f.employeeId) where.push(eq(rateNegotiations.employeeId, f.employeeId));
    if (f.strategy) where.push(eq(rateNegotiations.strategy, f.strategy));
    return ctx.tx(
      (tx) =>
        paginate(
          tx,
          { table: rateNegotiations, key: rateNegotiations.id, where: and(...where), order: 'desc' },
          page,
        ) as Promise<Connection<RateNegotiation>>,
    );
  },

  async create(ctx: RecruitingContext, input: CreateRateNegotiationInput): Promise<RateNegotiation> {
    requireScope(ctx.identity, PERMISSION.create, 'all');
    const check = checkInput(createSchema, input);
    const hasApplication = Boolean(input.applicationId);
    if (hasApplication === Boolean(input.employeeId)) {
      check.fail('input.applicationId', 'Give exactly one of applicationId and employeeId');
    }
    if (input.employeeId && !input.applicationId && !input.postingId && !check.bad('input.employeeId')) {
      check.fail('input.postingId', 'Required for a contractor placement (employeeId)');
    }
    if (!check.bad('input.payRate') && !check.bad('input.billRate')) {
      payWithinBill(check.fail.bind(check), 'input.payRate', input.payRate, input.billRate);
    }
    if (
      !check.bad('input.minMargin') &&
      !check.bad('input.targetMargin') &&
      Dec.of(input.minMargin).gt(input.targetMargin)
    ) {
      check.fail('input.minMargin', 'Must not exceed the target margin');
    }
    const data = check.valid();
    return ctx.tx(async (tx) => {
      let postingId = data.postingId ?? null;
      if (data.applicationId) {
        const [app] = await tx.select().from(applications).where(eq(applications.id, data.applicationId));
        if (!app) throw notFound('Application', data.applicationId);
        if (postingId && postingId !== app.postingId) {
          throw badInput([
            { field: 'input.postingId', message: 'Must be the application’s posting (or omitted)' },
          ]);
        }
        if (app.stage === 'REJECTED' || app.stage === 'WITHDRAWN') {
          throw conflict(`Cannot negotiate rates for a ${app.stage} application`);
        }
        postingId = app.postingId;
      } else {
        const [ref] = await tx
          .select({ id: entityRefs.id })
          .from(entityRefs)
          .where(and(eq(entityRefs.entityType, 'Employee'), eq(entityRefs.id, data.employeeId!)));
        if (!ref) throw notFound('Employee', data.employeeId!);
      }
      const [posting] = await tx
        .select({ id: jobPostings.id })
        .from(jobPostings)
        .where(eq(jobPostings.id, postingId!));
      if (!posting) throw notFound('JobPosting', postingId!);
      const [row] = await tx
        .insert(rateNegotiations)
        .values({
          tenantId: ctx.tenantId(),
          postingId: posting.id,
          applicationId: data.applicationId ?? null,
          employeeId: data.employeeId ?? null,
          currency: data.currency,
          unit: data.unit,
          openingBillRate: data.billRate,
          openingPayRate: data.payRate,
          billRate: data.billRate,
          payRate: data.payRate,
          targetMargin: data.targetMargin,
          minMargin: data.minMargin,
          maxRounds: data.maxRounds ?? 5,
          experienceLevel: data.experienceLevel ?? 'MID',
          createdBy: ctx.identity.userId,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict('The application already has an OPEN rate negotiation');
      await audit(ctx, tx, 'rate_negotiation.create', row.id, null, row);
      return row as RateNegotiation;
    });
  },

  async submitCounterOffer(
    ctx: RecruitingContext,
    id: string,
    input: CounterOfferInput,
  ): Promise<NegotiationRound> {
    requireScope(ctx.identity, PERMISSION.update, 'all');
    requireId(id);
    const check = checkInput(counterSchema, input);
    const data = check.valid();
    return ctx.tx(async (tx) => {
      const n = await lock(tx, id);
      const billRate = data.billRate ?? n.billRate;
      const errors: { field: string; message: string }[] = [];
      payWithinBill(
        (field, message) => errors.push({ field, message }),
        'input.payRate',
        data.payRate,
        billRate,
      );
      if (errors.length > 0) throw badInput(errors);
      return addRound(ctx, tx, n, {
        party: data.party,
        payRate: Dec.of(data.payRate).toFixed(2),
        billRate: Dec.of(billRate).toFixed(2),
        message: data.message || null,
        messageSource: 'USER',
        strategy: null,
      });
    });
  },

  /**
   * The company's next counter-offer by `strategy` (negotiation.rules.ts `nextCompanyPay`), with a
   * message from the template or the configured model. The message is written outside the
   * transaction (a model may take seconds); the rule is then applied again to the locked row, and
   * a negotiation that moved meanwhile is CONFLICT rather than a round computed from stale terms.
   */
  async autoNegotiate(
    ctx: RecruitingContext,
    id: string,
    strategy: NegotiationStrategy,
  ): Promise<NegotiationRound> {
    requireScope(ctx.identity, PERMISSION.update, 'all');
    requireId(id);
    if (!(negotiationStrategies as readonly string[]).includes(strategy)) {
      throw badInput([{ field: 'strategy', message: 'Must be AGGRESSIVE, BALANCED or CANDIDATE_FRIENDLY' }]);
    }
    const plan = await ctx.tx(async (tx) => {
      const n = await load(tx, id);
      requireRoundLeft(n);
      const p = await positions(tx, n);
      return {
        n,
        ask: p.candidateAsk,
        pay: nextCompanyPay({ ...p, billRate: n.billRate, minMargin: n.minMargin }, strategy),
      };
    });
    const { message, source } = await counterOfferMessage({
      strategy,
      payRate: plan.pay,
      currency: plan.n.currency,
      unit: plan.n.unit,
      candidateAsk: plan.ask,
      roundsLeft: plan.n.maxRounds - plan.n.roundCount - 1,
    });
    return ctx.tx(async (tx) => {
      const n = await lock(tx, id);
      requireRoundLeft(n);
      const p = await positions(tx, n);
      const pay = nextCompanyPay({ ...p, billRate: n.billRate, minMargin: n.minMargin }, strategy);
      if (n.roundCount !== plan.n.roundCount || pay !== plan.pay) {
        throw conflict('The negotiation changed while the counter-offer was written; try again');
      }
      return addRound(ctx, tx, n, {
        party: 'COMPANY',
        payRate: pay,
        billRate: n.billRate,
        message,
        messageSource: source,
        strategy,
      });
    });
  },

  /** Locks the terms on the table; `recruiting.rate.finalized` tells finance. */
  async finalize(ctx: RecruitingContext, id: string): Promise<RateNegotiation> {
    requireScope(ctx.identity, PERMISSION.finalize, 'all');
    requireId(id);
    return ctx.tx(async (tx) => {
      const n = await lock(tx, id);
      if (n.status !== 'OPEN') throw conflict(`The negotiation is already ${n.status}`);
      if (!meetsMargin(n.payRate, n.billRate, n.minMargin)) {
        throw conflict(
          `The terms on the table (pay ${n.payRate}, bill ${n.billRate}) are below the minimum margin ${n.minMargin}: counter first`,
        );
      }
      const { margin, markup } = marginOf(n.payRate, n.billRate);
      const [row] = await tx
        .update(rateNegotiations)
        .set({
          status: 'FINALIZED',
          finalBillRate: n.billRate,
          finalPayRate: n.payRate,
          finalMargin: margin,
          finalizedAt: clock.now(),
          finalizedBy: ctx.identity.userId,
        })
        .where(eq(rateNegotiations.id, id))
        .returning();
      const after = row as RateNegotiation;
      const [context] = await tx
        .select({ posting: jobPostings, candidateId: applications.candidateId })
        .from(jobPostings)
        .leftJoin(applications, eq(applications.id, sql`${n.applicationId}::uuid`))
        .where(eq(jobPostings.id, n.postingId));
      const data: RateFinalizedData = {
        negotiationId: id,
        postingId: n.postingId,
        departmentId: context?.posting.departmentId ?? '',
        jobTitle: context?.posting.title ?? '',
        applicationId: n.applicationId,
        candidateId: context?.candidateId ?? null,
        employeeId: n.employeeId,
        currency: n.currency,
        unit: n.unit,
        billRate: n.billRate,
        payRate: n.payRate,
        margin,
        markup,
        rounds: n.roundCount,
        strategy: n.strategy,
        finalizedAt: after.finalizedAt!.toISOString(),
      };
      await emitEvents(tx, outbox, [
        {
          tenantId: ctx.tenantId(),
          type: 'recruiting.rate.finalized',
          aggregateType: 'RateNegotiation',
          aggregateId: id,
          data,
        },
      ]);
      await audit(ctx, tx, 'rate_negotiation.finalize', id, n, after);
      return after;
    });
  },

  async cancel(ctx: RecruitingContext, id: string, reason: string): Promise<RateNegotiation> {
    requireScope(ctx.identity, PERMISSION.update, 'all');
    requireId(id);
    const note = reason?.trim() ?? '';
    if (note.length === 0 || note.length > 2000) {
      throw badInput([{ field: 'reason', message: 'Give a reason of 1–2000 characters' }]);
    }
    return ctx.tx(async (tx) => {
      const n = await lock(tx, id);
      if (n.status !== 'OPEN') throw conflict(`The negotiation is already ${n.status}`);
      const [row] = await tx
        .update(rateNegotiations)
        .set({ status: 'CANCELLED', cancelledAt: clock.now(), cancelReason: note })
        .where(eq(rateNegotiations.id, id))
        .returning();
      await audit(ctx, tx, 'rate_negotiation.cancel', id, n, row);
      return row as RateNegotiation;
    });
  },

  async evaluateMargin(
    ctx: RecruitingContext,
    id: string,
    payRate: string,
    billRate: string | null,
  ): Promise<MarginEvaluation> {
    requireScope(ctx.identity, PERMISSION.read, 'all');
    requireId(id);
    const check = checkInput(
      z.object({ payRate: rate(), billRate: rate().nullish() }),
      { payRate, billRate },
      '',
    );
    const data = check.valid();
    const n = await ctx.tx((tx) => load(tx, id));
    const bill = Dec.of(data.billRate ?? n.billRate).toFixed(2);
    const pay = Dec.of(data.payRate).toFixed(2);
    const errors: { field: string; message: string }[] = [];
    payWithinBill((field, message) => errors.push({ field, message }), 'payRate', pay, bill);
    if (errors.length > 0) throw badInput(errors);
    const m = marginOf(pay, bill);
    return {
      payRate: Money.of(pay, n.currency),
      billRate: Money.of(bill, n.currency),
      spread: Money.of(m.spread, n.currency),
      margin: m.margin,
      markup: m.markup,
      acceptable: meetsMargin(pay, bill, n.minMargin),
      meetsTarget: meetsMargin(pay, bill, n.targetMargin),
      minMargin: n.minMargin,
      targetMargin: n.targetMargin,
    };
  },

  async suggestRate(ctx: RecruitingContext, id: string): Promise<RateSuggestion> {
    requireScope(ctx.identity, PERMISSION.read, 'all');
    requireId(id);
    return ctx.tx(async (tx) => {
      const n = await load(tx, id);
      const band = await bandFor(tx, n);
      const point = band[LEVEL_POINT[n.experienceLevel]];
      const ceiling = payCeiling(n.billRate, n.minMargin);
      const capped = Dec.of(point).gt(ceiling);
      const pay = capped ? ceiling : point;
      const money = (v: string) => Money.of(v, n.currency);
      return {
        source: band.source,
        sampleSize: band.sampleSize,
        p25: money(band.p25),
        p50: money(band.p50),
        p75: money(band.p75),
        experienceLevel: n.experienceLevel,
        payRate: money(pay),
        ceiling: money(ceiling),
        capped,
        margin: marginOf(pay, n.billRate).margin,
      };
    });
  },

  async analytics(ctx: RecruitingContext, from: string, to: string): Promise<NegotiationAnalytics> {
    requireScope(ctx.identity, PERMISSION.read, 'all');
    const errors: { field: string; message: string }[] = [];
    if (!isValidDate(from))
      errors.push({ field: 'from', message: 'Must be a real calendar date in YYYY-MM-DD form' });
    if (!isValidDate(to))
      errors.push({ field: 'to', message: 'Must be a real calendar date in YYYY-MM-DD form' });
    if (errors.length === 0 && to < from) errors.push({ field: 'to', message: 'Must not be before `from`' });
    if (errors.length === 0 && Date.parse(to) - Date.parse(from) > (MAX_ANALYTICS_DAYS - 1) * 86_400_000) {
      errors.push({ field: 'to', message: `The period is at most ${MAX_ANALYTICS_DAYS} days` });
    }
    if (errors.length > 0) throw badInput(errors);
    const rows = await ctx.tx((tx) =>
      selectRows<{
        strategy: NegotiationStrategy | null;
        status: string;
        n: number;
        rounds: number;
        margins: string;
      }>(
        tx,
        sql`select strategy, status, count(*)::int as n, coalesce(sum(round_count), 0)::int as rounds,
                   coalesce(sum(final_margin), 0)::text as margins
              from recruiting.rate_negotiations
             where status in ('FINALIZED', 'CANCELLED')
               and coalesce(finalized_at, cancelled_at) >= ${`${from}T00:00:00Z`}::timestamptz
               and coalesce(finalized_at, cancelled_at) < ${nextDay(to)}::timestamptz
             group by strategy, status`,
      ),
    );
    const byStrategy: StrategyOutcomes[] = STRATEGY_ORDER.map((strategy) => ({
      strategy,
      outcomes: figures(rows.filter((r) => r.strategy === strategy)),
    }));
    return { from, to, total: figures(rows), byStrategy };
  },
};
