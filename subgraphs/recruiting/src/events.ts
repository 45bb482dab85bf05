/**
 * @wg/recruiting/events — the events recruiting publishes (its outbox), by type. Other subgraphs
 * import these types with `import type` only. `data` is what is listed here; adding an optional
 * field is compatible, renaming or removing one is breaking.
 */

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

/** Every event recruiting publishes: type → payload. */
export interface RecruitingEvents {
  'recruiting.job_posting.opened': JobPostingSnapshot;
  'recruiting.job_posting.on_hold': JobPostingSnapshot;
  'recruiting.job_posting.closed': JobPostingSnapshot;
  'recruiting.job_posting.updated': JobPostingSnapshot;
}

export type RecruitingEventType = keyof RecruitingEvents;

declare module '@wg/runtime/events' {
  interface EventCatalogue extends RecruitingEvents {}
}
