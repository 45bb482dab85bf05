/**
 * Recruiting demo data for one tenant: candidates at every stage of its open postings, interviews
 * in the coming week (booked in suggested, conflict-free slots inside the interviewers' working
 * hours), last weeks' interviews completed with scorecards, offers in several states and two rate
 * negotiations. Everything goes through recruiting's services with a recruiter and an approver, so
 * the data passes the same rules, writes the same audit rows and emits the same events (insights'
 * funnel is built from them) as real use.
 *
 * History is written "when it happened": each step runs under `atTime` (the runtime clock moved
 * for the seed's own calls only), so applications were made weeks ago, interviews held last week
 * and the funnel's time to hire is a real figure. Requests served meanwhile keep the real clock.
 */
import type { Faker } from '@faker-js/faker';
import { type Database, schema, withTenant } from '@wg/db';
import {
  applicationService,
  candidateService,
  interviewService,
  negotiationService,
  offerService,
  recruitingSubgraph,
  scorecardService,
} from '@wg/recruiting';
import { atTime, createContext, type Identity, permissionsForRoles, rootLogger } from '@wg/runtime';
import { userService } from '@wg/security';
import { eq } from 'drizzle-orm';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Where an application ends up; the seed walks it there step by step. */
type Target =
  | 'APPLIED'
  | 'SCREENING'
  | 'UPCOMING_INTERVIEW'
  | 'INTERVIEWED'
  | 'OFFER_DRAFT'
  | 'OFFER_PENDING'
  | 'OFFER_SENT'
  | 'OFFER_DECLINED'
  | 'OFFER_EXPIRED'
  | 'HIRED'
  | 'REJECTED_SCREENING'
  | 'REJECTED_INTERVIEW'
  | 'WITHDRAWN';

/**
 * The pipeline of each posting, by position: every posting gets the first six; the offer states
 * rotate over the postings so the tenant has each of them; a hire only where a posting has two or
 * more openings (one hire leaves it open, so it still shows its pipeline).
 */
const BASE: Target[] = [
  'APPLIED',
  'SCREENING',
  'UPCOMING_INTERVIEW',
  'UPCOMING_INTERVIEW',
  'REJECTED_SCREENING',
  'INTERVIEWED',
];
const ROTATION: Target[][] = [
  ['OFFER_SENT', 'REJECTED_INTERVIEW'],
  ['OFFER_DECLINED', 'WITHDRAWN'],
  ['OFFER_PENDING', 'REJECTED_INTERVIEW'],
  ['OFFER_EXPIRED', 'WITHDRAWN'],
  ['OFFER_DRAFT', 'OFFER_SENT'],
  ['OFFER_DECLINED', 'REJECTED_INTERVIEW'],
];
const SOURCES = ['CAREER_SITE', 'CAREER_SITE', 'REFERRAL', 'AGENCY', 'SOURCED'] as const;
const RUBRIC = ['Technical depth', 'Communication', 'Ownership'];
const REJECT_REASONS = [
  'Not enough experience',
  'Salary expectations too far apart',
  'Another candidate was stronger',
];

export interface RecruitingSeedInput {
  tenantId: string;
  slug: string;
  currency: string;
  postings: { id: string; departmentId: string; openings: number; title: string }[];
  /** Staff by department id: the leads and heads interview. */
  interviewers: Map<string, string[]>;
  /** An employee for the recruiter login, and the login's display name and password. */
  recruiterEmployeeId: string;
  recruiterName: string;
  password: string;
  /** Lets queued requests run between steps (see demo.ts). */
  breathe: () => Promise<void>;
}

function contextAs(database: Database, tenantId: string, identity: Omit<Identity, 'tenantId' | 'kind'>) {
  return createContext({
    identity: { kind: 'user', tenantId, ...identity },
    requestId: 'seed-recruiting',
    log: rootLogger.child({ seed: 'recruiting' }),
    database,
    createLoaders: recruitingSubgraph.createLoaders,
  });
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

/** Returns how many of each thing it created (for the progress line). */
export async function seedRecruiting(
  database: Database,
  faker: Faker,
  input: RecruitingSeedInput,
): Promise<Record<string, number>> {
  const { tenantId, slug } = input;
  // The recruiter login authors the offers; the admin (a different user) approves them.
  const recruiterUser = await userService.createWithPassword(database, {
    tenantId,
    email: `recruiter@${slug}.test`,
    displayName: input.recruiterName,
    password: input.password,
    roles: ['recruiter'],
    employeeId: input.recruiterEmployeeId,
  });
  const [adminUser] = await withTenant(database, { tenantId }, (tx) =>
    tx
      .select({ id: schema.security.users.id, employeeId: schema.security.users.employeeId })
      .from(schema.security.users)
      .where(eq(schema.security.users.email, `admin@${slug}.test`)),
  );
  const as = (identity: Omit<Identity, 'tenantId' | 'kind'>) => contextAs(database, tenantId, identity);
  const recruiter = as({
    userId: recruiterUser.id,
    employeeId: input.recruiterEmployeeId,
    roles: ['recruiter'],
    permissions: permissionsForRoles(['recruiter']),
  });
  const approver = as({
    userId: adminUser?.id ?? null,
    employeeId: adminUser?.employeeId ?? null,
    roles: ['admin'],
    permissions: permissionsForRoles(['admin']),
  });
  const interviewerCtx = (employeeId: string) =>
    as({ userId: null, employeeId, roles: ['employee'], permissions: permissionsForRoles(['employee']) });

  const reasons: { id: string }[] = [];
  for (const label of REJECT_REASONS)
    reasons.push(await applicationService.createRejectReason(recruiter, { label }));

  const now = Date.now();
  const counts = { candidates: 0, interviews: 0, scorecards: 0, offers: 0, hires: 0, negotiations: 0 };
  const forNegotiation: string[] = [];
  let n = 0;
  for (const [p, posting] of input.postings.entries()) {
    await scorecardService.setRubric(recruiter, posting.id, RUBRIC);
    const panel = input.interviewers.get(posting.departmentId) ?? [];
    const targets = [...BASE, ...ROTATION[p % ROTATION.length]!];
    if (posting.openings >= 2) targets.push('HIRED');
    for (const target of targets) {
      await input.breathe();
      n += 1;
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      // Applied 3–6 weeks ago (further along: earlier), then a few days per step.
      const answered = target === 'HIRED' || target === 'OFFER_DECLINED' || target === 'OFFER_EXPIRED';
      const far = answered ? 14 : target.startsWith('OFFER') ? 7 : 0;
      let t =
        now -
        (21 + far + faker.number.int({ min: 0, max: 14 })) * DAY -
        faker.number.int({ min: 0, max: 8 }) * HOUR;
      // Each step a few days later, never later than an hour ago (the history is in the past).
      const step = (days: number) => {
        t = Math.min(t + days * DAY + faker.number.int({ min: 1, max: 6 }) * HOUR, now - HOUR);
        return t;
      };
      const at = <T>(ms: number, fn: () => Promise<T>) => atTime(ms, fn);
      const candidate = await at(t, () =>
        candidateService.create(recruiter, {
          firstName,
          lastName,
          email: `${firstName}.${lastName}.${n}@candidates.example`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
          phone: faker.phone.number({ style: 'international' }),
          location: faker.location.city(),
          source: SOURCES[n % SOURCES.length]!,
          tags: faker.helpers.arrayElements(
            ['remote', 'senior', 'relocation', 'referral-bonus', 'fast-track'],
            {
              min: 0,
              max: 2,
            },
          ),
          resumeText: faker.lorem.paragraph(),
        }),
      );
      counts.candidates += 1;
      const application = await at(t, () =>
        applicationService.apply(recruiter, { candidateId: candidate.id, postingId: posting.id }),
      );
      const move = (
        to: 'SCREENING' | 'INTERVIEW' | 'OFFER' | 'REJECTED' | 'WITHDRAWN',
        extra: { rejectReasonId?: string; note?: string } = {},
      ) =>
        at(step(faker.number.int({ min: 1, max: 4 })), () =>
          applicationService.move(recruiter, application.id, { to, ...extra }),
        );
      const reject = () => move('REJECTED', { rejectReasonId: faker.helpers.arrayElement(reasons).id });
      if (target === 'APPLIED') continue;
      await move('SCREENING');
      if (target === 'SCREENING') continue;
      if (target === 'REJECTED_SCREENING') {
        await reject();
        continue;
      }
      if (target === 'WITHDRAWN' && n % 2 === 0) {
        await move('WITHDRAWN', { note: 'Accepted another offer' });
        continue;
      }
      await move('INTERVIEW');
      const interviewers = faker.helpers.arrayElements(panel, { min: 1, max: Math.min(2, panel.length) });
      if (target === 'UPCOMING_INTERVIEW') {
        // Spread over the coming week: the first free slot the scheduler suggests after a random
        // point of it (real clock), else anywhere in the week.
        const after = now + faker.number.int({ min: 2, max: 6 * 24 }) * HOUR;
        if (
          interviewers.length > 0 &&
          ((await book(application.id, interviewers, after, now + 7 * DAY)) ??
            (await book(application.id, interviewers, now + 2 * HOUR, now + 7 * DAY)))
        )
          counts.interviews += 1;
        continue;
      }
      if (target === 'WITHDRAWN') {
        await move('WITHDRAWN', { note: 'Withdrew after the first interview' });
        continue;
      }
      // A held interview: booked a day ahead "back then", completed, one scorecard per interviewer.
      if (interviewers.length > 0) {
        const bookedAt = step(1);
        // Held means over: the slot must end before now.
        const until = Math.min(bookedAt + 6 * DAY, now - 3 * HOUR);
        const slot =
          until > bookedAt + 20 * HOUR
            ? await at(bookedAt, () => book(application.id, interviewers, bookedAt + 20 * HOUR, until))
            : null;
        if (slot) {
          counts.interviews += 1;
          t = Math.max(t, Date.parse(slot.endsAt));
          await at(t + HOUR, () => interviewService.complete(recruiter, slot.id));
          for (const e of interviewers) {
            await at(t + 2 * HOUR, () =>
              scorecardService.submit(interviewerCtx(e), slot.id, {
                recommendation:
                  target === 'REJECTED_INTERVIEW'
                    ? 'NO'
                    : faker.helpers.arrayElement(['YES', 'STRONG_YES', 'MIXED']),
                ratings: RUBRIC.map((attribute) => ({
                  attribute,
                  rating:
                    target === 'REJECTED_INTERVIEW'
                      ? faker.number.int({ min: 1, max: 3 })
                      : faker.number.int({ min: 3, max: 5 }),
                })),
                notes: faker.lorem.sentence(),
              }),
            );
            counts.scorecards += 1;
          }
        }
      }
      if (target === 'INTERVIEWED') {
        forNegotiation.push(application.id);
        continue;
      }
      if (target === 'REJECTED_INTERVIEW') {
        await reject();
        continue;
      }
      await move('OFFER');
      const salary = `${faker.number.int({ min: 70, max: 140 }) * 1000}.00`;
      const made = step(1);
      const offer = await at(made, () =>
        offerService.create(recruiter, {
          applicationId: application.id,
          baseSalary: salary,
          currency: input.currency,
          startDate: day(made + 30 * DAY),
          // An offer that expires ran out before today; the others are open for two weeks.
          expiresOn: day(target === 'OFFER_EXPIRED' ? made + 3 * DAY : Math.max(made, now) + 14 * DAY),
          notes: 'Includes the standard benefits package.',
        }),
      );
      counts.offers += 1;
      if (target === 'OFFER_DRAFT') continue;
      await at(step(0), () => offerService.submit(recruiter, offer.id));
      if (target === 'OFFER_PENDING') continue;
      await at(step(0), () => offerService.approve(approver, offer.id));
      await at(step(0), () => offerService.send(recruiter, offer.id));
      // EXPIRED is stored by recruiting's expiry job once its day is over; SENT waits for an answer.
      if (target === 'OFFER_SENT' || target === 'OFFER_EXPIRED') continue;
      if (target === 'OFFER_DECLINED') {
        await at(step(2), () => offerService.decline(recruiter, offer.id, 'Accepted a counter-offer'));
        continue;
      }
      await at(step(2), () => offerService.accept(recruiter, offer.id));
      counts.hires += 1;
    }
  }

  // Two contract-rate negotiations: one agreed after a few rounds, one still open.
  for (const [i, applicationId] of forNegotiation.slice(0, 2).entries()) {
    await input.breathe();
    const negotiation = await negotiationService.create(recruiter, {
      applicationId,
      currency: input.currency,
      unit: 'HOUR',
      billRate: '150.00',
      payRate: '95.00',
      targetMargin: '0.3500',
      minMargin: '0.2500',
      experienceLevel: i === 0 ? 'SENIOR' : 'MID',
    });
    counts.negotiations += 1;
    await negotiationService.submitCounterOffer(recruiter, negotiation.id, {
      party: 'CANDIDATE',
      payRate: '118.00',
      message: 'Given my experience I was hoping for something closer to 120.',
    });
    await negotiationService.autoNegotiate(recruiter, negotiation.id, i === 0 ? 'BALANCED' : 'AGGRESSIVE');
    if (i === 0) {
      await negotiationService.submitCounterOffer(recruiter, negotiation.id, {
        party: 'CANDIDATE',
        payRate: '108.00',
        message: 'I can meet you at 108.',
      });
      await negotiationService.submitCounterOffer(recruiter, negotiation.id, {
        party: 'COMPANY',
        payRate: '108.00',
        message: 'Agreed.',
      });
      await negotiationService.finalize(recruiter, negotiation.id);
    }
  }
  return counts;

  /**
   * Books the first slot the scheduler suggests in [from, to) for the interviewers (free, inside
   * their working hours, clear of the candidate's other interviews); null when there is none.
   */
  async function book(applicationId: string, interviewers: string[], from: number, to: number) {
    const [slot] = await interviewService.suggest(recruiter, {
      applicationId,
      interviewerIds: interviewers,
      durationMinutes: 60,
      from: iso(from),
      to: iso(to),
      count: 1,
    });
    if (!slot) return null;
    const booked = await interviewService.schedule(recruiter, {
      applicationId,
      kind: interviewers.length > 1 ? 'PANEL' : faker.helpers.arrayElement(['VIDEO', 'TECHNICAL', 'ONSITE']),
      startsAt: slot.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      interviewerIds: interviewers,
      candidateTimeZone: faker.helpers.arrayElement(['Europe/London', 'America/New_York', 'Europe/Berlin']),
      meetingUrl: `https://meet.example/${faker.string.alphanumeric(10).toLowerCase()}`,
    });
    return { id: booked.id, endsAt: slot.endsAt.toISOString() };
  }
}
