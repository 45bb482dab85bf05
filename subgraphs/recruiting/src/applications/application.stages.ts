import type { ApplicationStage } from './application.type';

/**
 * The application stage machine (modelled on the posting lifecycle):
 *
 *   APPLIED ──▶ SCREENING ──▶ INTERVIEW ──▶ OFFER ──(offer accepted)──▶ HIRED
 *      └────────────┴─────────────┴───────────┴──▶ REJECTED (with a reason) | WITHDRAWN
 *
 * Forward one stage at a time; REJECTED and WITHDRAWN from any open stage; HIRED, REJECTED and
 * WITHDRAWN are final. HIRED is reached only by accepting the application's offer, never by a
 * plain move, so every hire has an accepted offer behind it.
 */
export const OPEN_STAGES: readonly ApplicationStage[] = ['APPLIED', 'SCREENING', 'INTERVIEW', 'OFFER'];
export const FINAL_STAGES: readonly ApplicationStage[] = ['HIRED', 'REJECTED', 'WITHDRAWN'];

const NEXT: Partial<Record<ApplicationStage, ApplicationStage>> = {
  APPLIED: 'SCREENING',
  SCREENING: 'INTERVIEW',
  INTERVIEW: 'OFFER',
};

/** How a move is made: a recruiter's move, or the offer subgraph logic accepting an offer. */
export type MoveVia = 'move' | 'offer_accepted';

/** Null when `from → to` is legal, otherwise the CONFLICT message. */
export function illegalMove(
  from: ApplicationStage,
  to: ApplicationStage,
  via: MoveVia = 'move',
): string | null {
  if (FINAL_STAGES.includes(from)) return `A ${from} application is final`;
  if (to === 'REJECTED' || to === 'WITHDRAWN') return null;
  if (to === 'HIRED') {
    if (via !== 'offer_accepted') return 'An application becomes HIRED only when its offer is accepted';
    return from === 'OFFER' ? null : `Cannot hire from ${from}: the application must be at OFFER`;
  }
  if (NEXT[from] === to) return null;
  return `Cannot move from ${from} to ${to}: the next stage is ${NEXT[from] ?? 'none'}`;
}
