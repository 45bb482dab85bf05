/**
 * @wg/recruiting/events — the events recruiting publishes (its outbox), by type. Other subgraphs
 * import these types with `import type` only. `data` is what is listed here; adding an optional
 * field is compatible, renaming or removing one is breaking.
 */

import type { ApprovalChangedData } from '@wg/runtime';

export type JobPostingStatus = 'DRAFT' | 'OPEN' | 'ON_HOLD' | 'CLOSED';

/**
 * recruiting.job_posting.opened / .on_hold / .closed / .updated — aggregate `JobPosting`. `data` is
 * the whole posting after the change (consumers upsert it). `opened` is emitted whenever a posting
 * becomes OPEN: created OPEN, published from DRAFT, resumed from ON_HOLD or reopened after CLOSED.
 */
export interface JobPostingSnapshot {
  id: string;
  title: string;
  departmentId: string;
  /** People's position the hire fills, or null. Optional: older events do not carry it. */
  positionId?: string | null;
  employmentType: string;
  status: JobPostingStatus;
  openings: number;
  location: string | null;
  closesOn: string | null;
  /** FILLED or CANCELLED while CLOSED, otherwise null. */
  closeReason?: 'FILLED' | 'CANCELLED' | null;
  /** The status before this change (absent on creation). */
  previousStatus?: JobPostingStatus | null;
}

export type ApplicationStage =
  | 'APPLIED'
  | 'SCREENING'
  | 'INTERVIEW'
  | 'OFFER'
  | 'HIRED'
  | 'REJECTED'
  | 'WITHDRAWN';

export type CandidateSource = 'CAREER_SITE' | 'REFERRAL' | 'AGENCY' | 'SOURCED' | 'INTERNAL';

/**
 * recruiting.application.created / .stage_changed — aggregate `Application`. `data` is the
 * application after the change plus what a funnel needs without asking back: the posting's
 * department, the candidate's source, when it was applied and (on moves) the stage it left.
 * No personal data of the candidate travels.
 */
export interface ApplicationSnapshot {
  id: string;
  candidateId: string;
  postingId: string;
  departmentId: string;
  stage: ApplicationStage;
  source: CandidateSource;
  /** When the application was created (ISO-8601). */
  appliedAt: string;
  /** When this stage was entered (ISO-8601). */
  stageChangedAt: string;
  /** The stage before this change (absent on creation). */
  previousStage?: ApplicationStage | null;
  /** The reject reason's label, on REJECTED only. */
  rejectReason?: string | null;
  /** An employee applying internally. */
  employeeId?: string | null;
}

export type InterviewStatus = 'SCHEDULED' | 'COMPLETED' | 'CANCELLED' | 'NO_SHOW';

/**
 * recruiting.interview.scheduled / .rescheduled / .cancelled / .completed / .no_show — aggregate
 * `Interview`: the interview after the change (times ISO-8601), its interviewers' employee ids
 * and, on `rescheduled`, the times it had before.
 */
export interface InterviewSnapshot {
  id: string;
  applicationId: string;
  postingId: string;
  departmentId: string;
  kind: string;
  status: InterviewStatus;
  startsAt: string;
  endsAt: string;
  interviewerIds: string[];
  /** When the application was created: with `createdAt`, the time it took to schedule. */
  appliedAt: string;
  createdAt: string;
  previousStartsAt?: string | null;
  previousEndsAt?: string | null;
  reason?: string | null;
}

export type OfferStatus =
  | 'DRAFT'
  | 'PENDING_APPROVAL'
  | 'APPROVED'
  | 'SENT'
  | 'ACCEPTED'
  | 'DECLINED'
  | 'EXPIRED'
  | 'WITHDRAWN';

/** recruiting.offer.submitted / .approved / .sent / .declined / .withdrawn — aggregate `Offer`. */
export interface OfferSnapshot {
  id: string;
  applicationId: string;
  postingId: string;
  departmentId: string;
  status: OfferStatus;
  /** Annual base salary, decimal string. */
  baseSalary: string;
  currency: string;
  startDate: string;
  employmentType: string;
  previousStatus?: OfferStatus | null;
  /**
   * When the offer got its answer (ISO-8601): the candidate's accept / decline as recorded, or for
   * EXPIRED 00:00 UTC the day after `expiresOn`; null before. The funnel's acceptance rate counts
   * offers by this instant.
   */
  decidedAt?: string | null;
}

/**
 * recruiting.offer.accepted — aggregate `Offer`. Everything people needs to create the employee
 * and finance the compensation. `employeeId` is minted by recruiting when the offer is accepted,
 * so a redelivered event names the same employee and cannot hire twice. For an internal
 * candidate (`internal: true`) it is their existing employee id and people creates nobody.
 */
export interface OfferAcceptedData extends OfferSnapshot {
  employeeId: string;
  internal: boolean;
  candidateId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  /** The posting's title, as the new hire's job title. */
  jobTitle: string;
  /** The posting's position (people's), or null. Optional: older events do not carry it. */
  positionId?: string | null;
  /** How often `baseSalary` is paid out: always ANNUAL (the offer states a yearly salary). */
  payFrequency: 'ANNUAL';
}

// ─── Rate negotiation ─────────────────────────────────────────────────────────────────────────────

/**
 * recruiting.rate.finalized — aggregate `RateNegotiation`. The agreed rates of one placement, once
 * (`finalizeRate` locks them): finance records them as the placement's billing and pay rate.
 * Rates are decimal strings per `unit` (2 places); `margin` = (bill − pay) / bill and `markup` =
 * (bill − pay) / pay, 4 places, half-even. The worker is the application's candidate
 * (`applicationId`, `candidateId`) or an existing contractor (`employeeId`).
 */
export interface RateFinalizedData {
  negotiationId: string;
  postingId: string;
  departmentId: string;
  /** The posting's title. */
  jobTitle: string;
  applicationId: string | null;
  candidateId: string | null;
  employeeId: string | null;
  currency: string;
  unit: 'HOUR' | 'DAY';
  billRate: string;
  payRate: string;
  margin: string;
  markup: string;
  /** Rounds it took (0 when the opening terms were agreed). */
  rounds: number;
  /** The latest `autoNegotiate` strategy, null when people wrote every round. */
  strategy: 'AGGRESSIVE' | 'BALANCED' | 'CANDIDATE_FRIENDLY' | null;
  /** When the rates were agreed (ISO-8601). */
  finalizedAt: string;
}

/** Every event recruiting publishes: type → payload. */
export interface RecruitingEvents {
  'recruiting.job_posting.opened': JobPostingSnapshot;
  'recruiting.job_posting.on_hold': JobPostingSnapshot;
  'recruiting.job_posting.closed': JobPostingSnapshot;
  'recruiting.job_posting.updated': JobPostingSnapshot;
  'recruiting.application.created': ApplicationSnapshot;
  'recruiting.application.stage_changed': ApplicationSnapshot;
  'recruiting.interview.scheduled': InterviewSnapshot;
  'recruiting.interview.rescheduled': InterviewSnapshot;
  'recruiting.interview.cancelled': InterviewSnapshot;
  'recruiting.interview.completed': InterviewSnapshot;
  'recruiting.interview.no_show': InterviewSnapshot;
  'recruiting.offer.submitted': OfferSnapshot;
  'recruiting.offer.approved': OfferSnapshot;
  'recruiting.offer.sent': OfferSnapshot;
  'recruiting.offer.accepted': OfferAcceptedData;
  'recruiting.offer.declined': OfferSnapshot;
  'recruiting.offer.withdrawn': OfferSnapshot;
  // Rate negotiation.
  'recruiting.rate.finalized': RateFinalizedData;
  /** Offers that started (submitted) or stopped (approved, rejected, withdrawn) waiting for an approval, in the transaction of the change (`publishApprovalChanges`, `ApprovalChange` in `@wg/runtime`); security's approvals inbox is built from it. */
  'recruiting.approval.changed': ApprovalChangedData;
}

export type RecruitingEventType = keyof RecruitingEvents;

declare module '@wg/runtime/events' {
  interface EventCatalogue extends RecruitingEvents {}
}

// --- Events raised by recruiting's durable jobs ----------------------------------------------------

/**
 * Events recruiting's jobs publish (not a request: actor-less, audited with request id
 * `job:<id>`). `recruiting.offer.expired` — aggregate `Offer`: a SENT offer whose `expiresOn`
 * passed unanswered, stored EXPIRED by the expiry job (the day after `expiresOn`, UTC);
 * `previousStatus` is SENT.
 */
export interface RecruitingJobEvents {
  'recruiting.offer.expired': OfferSnapshot;
}

declare module '@wg/runtime/events' {
  interface EventCatalogue extends RecruitingJobEvents {}
}
